"""The national view: Bộ Nội vụ's PAR INDEX of the provinces, and the provinces' map.

- `models`: `ParIndexResult`, a province's published PAR INDEX for one year;
- `importing`: the national table (XLSX/CSV) in one transaction, errors naming row and field;
- `provinces`: the 63 → 34 list (NQ 202/2025/QH15) as data, and its import;
- `trends`: a province's results across its lineage, each predecessor its own series;
- `charts`: the trend figure (a pure function);
- `tables`, `filters`, `views`: the ranking by year, a province's page, the province switch.

It comes after `inspections` in the dependency order: it reads `agencies` (provinces,
lineage) and reuses `indicators`' import readers and exports; nothing imports it.
"""
