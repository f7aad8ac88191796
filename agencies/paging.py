"""The base of every table of the project: a page size from the query string stays within
bounds.

django-tables2 takes `?per_page=` as it comes: -1 or 0 crash its paginator (a 500), and a
huge one reads a whole province in one page. Out-of-range sizes are brought back within
`1…MAX_PER_PAGE`; a page number out of range already shows the last page.
"""

import django_tables2 as tables
from django.core.paginator import Paginator

MAX_PER_PAGE = 200


class PagedTable(tables.Table):
    def paginate(self, paginator_class=Paginator, per_page=None, page=1, *args, **kwargs):
        if per_page is not None:
            per_page = min(max(per_page, 1), MAX_PER_PAGE)
        return super().paginate(paginator_class, per_page, page, *args, **kwargs)
