"""The statistical checks: correct samplers pass, wrong ones fail with the right diagnosis.

The false-failure rates are far below what a test run could measure (α = 1e-6); these tests show
that the checks pass correct samples from both NumPy and torch under many seeds, and catch the
mistakes they are designed for. ``scripts/seed_sweep.py`` measures the whole graders.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
import torch

from autograder import checks

N = 5000


def samplers(seed: int):
    gen = np.random.default_rng(seed)
    torch_gen = torch.Generator().manual_seed(seed)
    return gen, torch_gen


@pytest.mark.parametrize("seed", range(100))
def test_uniform_accepts_correct_samples(seed):
    gen, tgen = samplers(seed)
    checks.uniform(gen.uniform(-0.3, 0.3, N), -0.3, 0.3, "x")
    checks.uniform(torch.empty(N).uniform_(-0.3, 0.3, generator=tgen), -0.3, 0.3, "x")
    checks.uniform(torch.empty(N, dtype=torch.float32).uniform_(2.0, 5.0, generator=tgen),
                   2.0, 5.0, "x")


@pytest.mark.parametrize("factor", [1.05, 0.95, 1.2, 0.5])
def test_uniform_rejects_a_wrong_bound(factor):
    for seed in range(20):
        gen, _ = samplers(seed)
        with pytest.raises(checks.CheckFailed):
            checks.uniform(gen.uniform(-0.3 * factor, 0.3 * factor, N), -0.3, 0.3, "x")


def test_uniform_rejects_a_normal_of_the_same_variance_and_says_so():
    for seed in range(20):
        gen, _ = samplers(seed)
        x = gen.normal(0, 0.3 / math.sqrt(3), N)
        with pytest.raises(checks.CheckFailed, match="looks normal, not uniform"):
            checks.uniform(x, -0.3, 0.3, "x")


def test_uniform_names_a_known_mistake():
    gen, _ = samplers(0)
    mistake = checks.Mistake("只用了 fan_in", "did you use fan_in only?", low=-0.4, high=0.4)
    with pytest.raises(checks.CheckFailed, match="fan_in only"):
        checks.uniform(gen.uniform(-0.4, 0.4, N), -0.3, 0.3, "x", mistakes=[mistake])


@pytest.mark.parametrize("seed", range(100))
def test_normal_accepts_correct_samples(seed):
    gen, tgen = samplers(seed)
    checks.normal(gen.normal(0.2, 0.5, N), 0.2, 0.5, "x")
    checks.normal(torch.empty(N).normal_(-1.0, 0.05, generator=tgen), -1.0, 0.05, "x")


@pytest.mark.parametrize("std_factor, mean_shift", [(1.1, 0.0), (0.9, 0.0), (1.0, 0.08)])
def test_normal_rejects_wrong_parameters(std_factor, mean_shift):
    for seed in range(20):
        gen, _ = samplers(seed)
        with pytest.raises(checks.CheckFailed):
            checks.normal(gen.normal(mean_shift, 0.5 * std_factor, N), 0.0, 0.5, "x")


def test_normal_rejects_a_uniform_of_the_same_variance_and_says_so():
    for seed in range(20):
        gen, _ = samplers(seed)
        b = 0.5 * math.sqrt(3)
        with pytest.raises(checks.CheckFailed, match="looks uniform, not normal"):
            checks.normal(gen.uniform(-b, b, N), 0.0, 0.5, "x")


def test_normal_names_the_variance_mistake():
    gen, _ = samplers(1)
    mistake = checks.Mistake("方差", "0.5 is the standard deviation, not the variance",
                             mean=0.0, std=math.sqrt(0.5))
    with pytest.raises(checks.CheckFailed, match="not the variance"):
        checks.normal(gen.normal(0, math.sqrt(0.5), N), 0.0, 0.5, "x", mistakes=[mistake])


def test_too_small_a_sample_is_a_test_design_error():
    with pytest.raises(ValueError, match="test design error"):
        checks.uniform(np.zeros(100), -1, 1, "x")


def test_failure_messages_are_bilingual():
    with pytest.raises(checks.CheckFailed) as info:
        checks.uniform(np.zeros(N), -1, 1, "x")
    zh, en = str(info.value).split("\n", 1)
    assert "期望" in zh and en.startswith("expected")
