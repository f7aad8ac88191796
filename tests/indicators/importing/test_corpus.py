"""Every malformed file of the corpus gives a located, clear error and writes nothing."""

import pytest

from indicators.importing import KINDS, ImportFailed, build_preview, commit
from tests.data.import_corpus.make_corpus import CASES

from .conftest import row_counts


def test_the_corpus_has_at_least_thirty_malformed_files():
    assert len(CASES) >= 30


@pytest.mark.parametrize("name,kind,builder,expected", CASES, ids=[case[0] for case in CASES])
def test_malformed_file_is_refused_with_a_located_error_and_nothing_written(
    name, kind, builder, expected, scope, tmp_path
):
    path = tmp_path / name
    builder(path)
    before = row_counts()
    preview = build_preview(KINDS[kind](**scope[kind]), path, filename=name)
    row, column, message = expected
    assert not preview.ok
    matching = [
        e for e in preview.errors if message in e.message and column in e.column and e.row == row
    ]
    assert matching, (
        f"expected row={row} column~{column!r} message~{message!r}, got "
        f"{[str(e) for e in preview.errors]}"
    )
    with pytest.raises(ImportFailed):
        commit(preview)
    assert row_counts() == before
