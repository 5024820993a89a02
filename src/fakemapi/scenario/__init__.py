"""Scenario files: a world, the calls a program makes, and what must come back."""

from fakemapi.scenario.loader import ScenarioError, load_scenario
from fakemapi.scenario.model import Scenario
from fakemapi.scenario.runner import ScenarioResult, run_scenario
from fakemapi.scenario.steps import StepFailed

__all__ = ["Scenario", "ScenarioError", "ScenarioResult", "StepFailed", "load_scenario", "run_scenario"]
