"""The real figures of the other seed articles, each in its own province.

- `thai_binh`: seed 001, an inspection by Sở Nội vụ Thái Bình (2022);
- `ha_giang`: seed 004, Sở Xây dựng Hà Giang's index and dossiers (2022);
- `lang_son`: seed 003, UBND huyện Hữu Lũng and the HĐND supervision of 2023.

Only the agencies concerned are created. Values from the articles are verbatim and
`is_illustrative=False`; what the articles do not give (plan numbers of supervisions,
recommendation deadlines) is marked illustrative or left empty.
"""

from .ha_giang import build_ha_giang
from .lang_son import build_lang_son
from .thai_binh import build_thai_binh


def build_seeds() -> None:
    build_thai_binh()
    build_ha_giang()
    build_lang_son()
