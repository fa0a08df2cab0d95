"""Quantization: int4 packing and error bounds, AWQ's scale search, whole models (course InternLM2) in 4 and 8 bits, save/reload, the int8 KV cache."""
import copy

import pytest
import torch
from safetensors.torch import load_file, save_file
from transformers import DynamicCache

from internlm_course import quantize as Q
from internlm_course.core import CourseError
from internlm_course.model import InternLM2ForCausalLM, internlm2_config
from internlm_course.model_zoo import load_tokenizer


@pytest.fixture(scope='module')
def tiny():
    torch.manual_seed(0)
    tok = load_tokenizer('smollm2-135m-instruct')
    return InternLM2ForCausalLM(internlm2_config('internlm2-tiny', vocab_size=len(tok), num_hidden_layers=2)).eval(), tok


def test_int4_round_trip_and_error_bound():
    w = torch.randn(16, 256) * 3
    codes, scale, mins = Q.quantize_groups(w, 64)
    assert codes.max() <= 15 and torch.equal(Q.unpack4(Q.pack4(codes)), codes)
    err = (Q.dequantize_groups(codes, scale, mins, 64) - w).abs().reshape(16, 4, 64)
    assert (err <= scale[..., None] * 0.5 + 1e-5).all()          # rounding only: the minimum is kept exactly
    with pytest.raises(CourseError, match='multiple of group_size'): Q.quantize_groups(torch.randn(4, 100), 64)


def test_weights_already_on_a_4bit_grid_come_back_exactly():
    torch.manual_seed(2)
    codes, step, lo = torch.randint(0, 16, (8, 128)), torch.rand(8, 4) * 0.1 + 0.01, torch.randn(8, 4) * 0.1
    codes[:, ::32], codes[:, 1::32] = 0, 15                      # every group spans its whole grid
    w = Q.dequantize_groups(codes, step, lo)
    assert torch.allclose(Q.dequantize_groups(*Q.quantize_groups(w)), w, atol=1e-6)


@pytest.mark.parametrize('bits', [4, 8])
def test_fused_cpu_kernel_matches_the_dequantized_weight_and_repacks_after_a_load(bits):
    torch.manual_seed(3)
    lin, x = torch.nn.Linear(256, 96, bias=True), torch.randn(5, 7, 256)
    q = Q.quantize_linear(lin, bits, 32, torch.randn(64, 256))
    with torch.no_grad():
        fused, plain = q(x), torch.nn.functional.linear(x, q.weight_fp(), q.bias)
        assert fused.shape == (5, 7, 96) and ((fused - plain).norm() / plain.norm()).item() < 0.01   # bf16 activations
        other = Q.quantize_linear(torch.nn.Linear(256, 96), bits, 32)
        q.load_state_dict(other.state_dict())
        assert torch.allclose(q(x), other(x))                  # the packed layout is rebuilt from the new codes


def test_awq_scale_beats_plain_rounding_on_outlier_channels():
    torch.manual_seed(1)
    x = torch.randn(512, 256); x[:, torch.randperm(256)[:6]] *= 40
    w = torch.randn(128, 256) * 0.02
    ref = x @ w.T
    err = lambda wq: ((x @ wq.T - ref).pow(2).mean() / ref.pow(2).mean()).item()
    s, alpha = Q.awq_scale(w, x)
    assert alpha > 0 and err(Q.dequantize_groups(*Q.quantize_groups(w * s)) / s) < 0.8 * err(Q.dequantize_groups(*Q.quantize_groups(w)))


@pytest.mark.parametrize('bits, tol', [(8, 0.02), (4, 0.25)])
def test_quantized_course_model_stays_close_and_reloads_exactly(tiny, tmp_path, bits, tol):
    model, tok = tiny
    ids = torch.tensor([tok.encode('The key-value cache grows with every token. 键值缓存随词元增长。')])
    with torch.no_grad(): ref = model(ids).logits
    q = Q.quantize_model(copy.deepcopy(model), tok, bits)
    assert sum(isinstance(m, Q.QLinear) for m in q.modules()) == 2 * 5 + 1  # wqkv, wo, w1, w2, w3 per InternLM2 layer, and the head
    assert q.get_output_embeddings().bits == 8
    with torch.no_grad(): out = q(ids).logits
    assert ((out - ref).norm() / ref.norm()).item() < tol
    again = Q.load_quantized(Q.save_quantized(q, tok, tmp_path/'q'))
    with torch.no_grad(): assert torch.equal(again(ids).logits, out)
    assert Q._decoder_bytes(q) < 0.3 * Q._decoder_bytes(model)
    with pytest.raises(CourseError, match='no quantized model'): Q.load_quantized(_plain(model, tok, tmp_path))
    sd = load_file(tmp_path/'q'/'model.safetensors'); sd.pop('output.qweight')
    save_file(sd, tmp_path/'q'/'model.safetensors')
    with pytest.raises(CourseError, match=r"lacks 1 tensors.*output.qweight"): Q.load_quantized(tmp_path/'q')


def _plain(model, tok, tmp_path):
    model.save_pretrained(tmp_path/'plain'); tok.save_pretrained(tmp_path/'plain')
    return tmp_path/'plain'


def test_int8_kv_cache_is_small_close_and_generates(tiny):
    model, tok = tiny
    ids = torch.tensor([tok.encode('Quantized caches hold more sessions in the same memory.')])
    c8, c = Q.Int8KVCache(), DynamicCache()
    with torch.no_grad(): a, b = model(ids, past_key_values=c8).logits, model(ids, past_key_values=c).logits
    full = sum(l.keys.nbytes + l.values.nbytes for l in c.layers)
    assert c8.nbytes() / full < 0.3 and c8.get_seq_length() == ids.shape[1]
    assert ((a - b).norm() / b.norm()).item() < 0.02
    with torch.no_grad():
        g8 = model.generate(ids, attention_mask=torch.ones_like(ids), past_key_values=Q.Int8KVCache(), max_new_tokens=5, do_sample=False)
    assert g8.shape[1] == ids.shape[1] + 5


def test_kv_formula_and_sessions():
    assert Q.kv_cache_bytes(4096, 32, 8, 128, 2) == 512 * 2**20           # InternLM2-7B: 512 MiB per 4k-token session in fp16
    assert Q.sessions_that_fit(8, 'InternLM2-7B', 4096) == 0              # fp16 weights alone overflow 8 GB
    assert Q.sessions_that_fit(80, 'InternLM2-7B', 4096, 4, 1) > 2 * Q.sessions_that_fit(80, 'InternLM2-7B', 4096) * 0.9
    with pytest.raises(CourseError, match='bits must be 4'): Q.check_bits(3)
