"""A synthetic large province for load tests (filled in below)."""


def build_national(*, agencies: int, years: int) -> None:
    raise NotImplementedError
