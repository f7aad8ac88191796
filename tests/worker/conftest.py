import pytest


@pytest.fixture
def real_broker():
    """The test settings run tasks eagerly; these tests must go through the broker."""
    from cchc.celery import app

    assert app.conf.broker_url.startswith("redis://"), app.conf.broker_url
    eager = app.conf.task_always_eager
    app.conf.task_always_eager = False
    yield app
    app.conf.task_always_eager = eager
