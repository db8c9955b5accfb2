from django.apps import AppConfig


class SlowReportsConfig(AppConfig):
    """A report kind that takes a few seconds, so a fault test can kill the worker in the middle."""

    name = "tests.faults.slow_reports"
    label = "faults_slow_reports"
