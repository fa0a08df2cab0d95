"""The memory planner: published figures, the formulas' invariants, recommendations, bad input, and one measured run."""
import pytest

from internlm_course.core import CourseError
from internlm_course.memory import NF4_BYTES, arch_of, measure_peak, plan_memory, recommend, trainable_params


def test_xtuner_zero_figures_exactly():
    for stage, gb in {1: 38.5, 2: 26.25, 3: 14.0}.items():
        assert plan_memory(7e9, 'full', dtype='bfloat16', zero_stage=stage, n_devices=8)['model_states'] == pytest.approx(gb)
    assert plan_memory(7e9, 'full', dtype='bfloat16')['model_states'] == pytest.approx(112)   # 16 bytes per parameter   # 16 bytes per parameter


def test_arch_and_trainable_counts_match_the_models():
    a = arch_of('smollm2-135m-instruct')
    assert a.n_params == 134_515_008 and a.tied and a.vocab == 49152 and a.layers == 30
    assert trainable_params(a, 'lora', r=8) == 2_442_240   # what peft counts (tests/test_lora.py and 04_lora)
    assert trainable_params(a, 'dora', r=8) - trainable_params(a, 'lora', r=8) == 30 * (576 * 2 + 192 * 2 + 1536 * 2 + 576)
    assert trainable_params(a, 'lora', r=16, target_modules=['q_proj']) == 30 * 16 * (576 + 576)
    b = arch_of('internlm2-7b')
    assert abs(b.n_params - 7.74e9) / 7.74e9 < 0.01 and not b.tied


def test_formulas_move_the_right_way():
    p = lambda **kw: plan_memory('internlm2-7b', **({'method': 'qlora', 'micro_batch': 1, 'seq_len': 1024, 'dtype': 'bfloat16'} | kw))
    assert p()['peak'] < p(grad_checkpointing=False)['peak'] and p()['peak'] < p(seq_len=2048)['peak'] < p(seq_len=2048, micro_batch=2)['peak']
    assert p()['weights'] < p(method='lora')['weights']
    assert p(upcast_non_quantized=False)['weights'] < p()['weights']
    q = p(method='qlora')
    a = arch_of('internlm2-7b')
    assert q['weights'] * 1e9 == pytest.approx(a.quantizable * NF4_BYTES + (a.n_params - a.quantizable) * 4 + q['trainable'] * 4)
    full = [plan_memory('internlm2-7b', 'full', 1, 1024, 'bfloat16', zero_stage=z, n_devices=8)['peak'] for z in range(4)]
    assert full == sorted(full, reverse=True)


def test_recommend_prefers_least_compromise_and_says_when_nothing_fits():
    big = recommend('internlm2-7b', 640, n_devices=8, seq_len=2048)
    assert big['method'] == 'full'
    small = recommend('internlm2-7b', 8, seq_len=512, upcast_non_quantized=False)
    assert small['method'] == 'qlora' and small['grad_checkpointing'] and small['peak_gb'] <= 7.2
    with pytest.raises(CourseError, match='nothing fits 8 GB'): recommend('internlm2-7b', 8, seq_len=8192)


def test_bad_input_names_the_valid_choices():
    with pytest.raises(CourseError, match='valid: bfloat16, float16, float32'): plan_memory(7e9, 'full', dtype='fp8')
    with pytest.raises(CourseError, match='valid: adamw, sgd'): plan_memory(7e9, 'full', optimizer='lion')
    with pytest.raises(CourseError, match='zero_stage'): plan_memory(7e9, 'full', zero_stage=4)
    with pytest.raises(CourseError, match='valid: dora, full, lora, qlora'): plan_memory('internlm2-tiny', 'prefix')


def test_planner_within_15_percent_of_a_measured_lora_step():
    got = measure_peak('smollm2-135m-instruct', 'lora', 1, 64)
    assert abs(plan_memory('smollm2-135m-instruct', 'lora', 1, 64)['peak'] / got - 1) <= 0.15, got
