from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The demo province, its loader and the benchmarks built on it."""

    name = "demo"
    verbose_name = "Dữ liệu demo"
