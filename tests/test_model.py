"""InternLM2 against HF Llama numerically, checkpoints under bad input, and the training paths (LoRA, 4-bit, device_map)."""
import json
import os

import pytest
import torch
from transformers import AutoConfig, AutoModelForCausalLM, BitsAndBytesConfig, LlamaForCausalLM

from internlm_course import model as M
from transformers import set_seed

from internlm_course.core import CourseError
from internlm_course.model_zoo import load_model, load_tokenizer, model_path


@pytest.fixture(scope='module')
def smol():
    os.environ.setdefault('INTERNLM_COURSE_QUIET', '1')
    return load_model('smollm2-135m-instruct'), load_tokenizer('smollm2-135m-instruct')


@pytest.fixture
def tiny():
    set_seed(0)
    return M.InternLM2ForCausalLM(M.internlm2_config('internlm2-tiny', num_hidden_layers=2)).eval()


@pytest.mark.parametrize('fields, message', [
    (dict(hidden_size=100, num_attention_heads=3), 'num_attention_heads (3) must divide hidden_size (100)'),
    (dict(num_attention_heads=8, num_key_value_heads=3), 'num_key_value_heads (3) must divide num_attention_heads (8)'),
    (dict(rope_scaling={'type': 'ntk', 'factor': 2.0}), 'valid: dynamic, linear'),
    (dict(rope_scaling={'type': 'dynamic', 'factor': 0.5}), 'factor must be a number > 1'),
    (dict(rope_scaling='dynamic'), 'rope_scaling must be a dict'),
    (dict(hidden_act='swishy'), 'unknown hidden_act'),
    (dict(vocab_size=0), 'vocab_size must be a positive integer'),
])
def test_bad_configs_name_the_fields(fields, message):
    with pytest.raises(CourseError, match=message.replace('(', r'\(').replace(')', r'\)')): M.InternLM2Config(**fields)


def test_official_config_json_loads_without_remote_code(tmp_path):
    "An InternLM2-chat-7B config.json as published (auto_map, eager attention) builds our class with the published size."
    official = {'architectures': ['InternLM2ForCausalLM'], 'attn_implementation': 'eager',
                'auto_map': {'AutoConfig': 'configuration_internlm2.InternLM2Config',
                             'AutoModelForCausalLM': 'modeling_internlm2.InternLM2ForCausalLM'},
                'bias': False, 'bos_token_id': 1, 'eos_token_id': 2, 'hidden_act': 'silu', 'hidden_size': 4096,
                'initializer_range': 0.02, 'intermediate_size': 14336, 'max_position_embeddings': 32768, 'model_type': 'internlm2',
                'num_attention_heads': 32, 'num_hidden_layers': 32, 'num_key_value_heads': 8, 'pad_token_id': 2, 'rms_norm_eps': 1e-05,
                'rope_scaling': {'type': 'dynamic', 'factor': 2.0}, 'rope_theta': 1000000, 'tie_word_embeddings': False,
                'torch_dtype': 'bfloat16', 'transformers_version': '4.33.2', 'use_cache': True, 'vocab_size': 92544}
    (tmp_path/'config.json').write_text(json.dumps(official))
    cfg = AutoConfig.from_pretrained(tmp_path)
    assert isinstance(cfg, M.InternLM2Config)
    assert abs(M.count_params(cfg) / 7.74e9 - 1) < 0.01
    with torch.device('meta'): model = AutoModelForCausalLM.from_config(cfg)
    names = set(dict(model.named_parameters()))
    assert {'model.tok_embeddings.weight', 'model.layers.31.attention.wqkv.weight', 'model.layers.0.attention.wo.weight',
            'model.layers.0.feed_forward.w1.weight', 'model.layers.0.attention_norm.weight', 'model.layers.0.ffn_norm.weight',
            'model.norm.weight', 'output.weight'} <= names
    assert model.model.layers[0].attention.wqkv.weight.shape == (6144, 4096)   # (32 + 2*8) heads x 128


def test_checkpoint_folders_convert_both_ways(smol, tmp_path):
    model, tok = smol
    M.convert_checkpoint(model_path('smollm2-135m-instruct'), tmp_path/'intern', to='internlm2')
    assert json.loads((tmp_path/'intern'/'config.json').read_text())['architectures'] == ['InternLM2ForCausalLM']
    intern = load_model(str(tmp_path/'intern'))
    assert isinstance(intern, M.InternLM2ForCausalLM)
    assert load_tokenizer(str(tmp_path/'intern')).chat_template == tok.chat_template
    M.convert_checkpoint(tmp_path/'intern', tmp_path/'llama', to='llama')
    again = AutoModelForCausalLM.from_pretrained(tmp_path/'llama')
    assert type(again) is LlamaForCausalLM
    assert all(torch.equal(again.state_dict()[k], v) for k, v in model.state_dict().items())
    with pytest.raises(CourseError, match='needs a LlamaForCausalLM'): M.convert_checkpoint(tmp_path/'intern', tmp_path/'x', to='internlm2')
    with pytest.raises(CourseError, match='valid: internlm2, llama'): M.convert_checkpoint(tmp_path/'intern', tmp_path/'x', to='gpt')
    assert not (tmp_path/'x').exists()


def test_generate_cache_and_padding(tiny):
    prompts = [torch.randint(3, 8192, (1, n)) for n in (5, 9)]
    kw = dict(max_new_tokens=10, do_sample=False, pad_token_id=2)
    alone = [tiny.generate(p, attention_mask=torch.ones_like(p), **kw)[0, p.shape[1]:] for p in prompts]
    padded = torch.full((2, 9), 2)
    padded[0, 4:], padded[1] = prompts[0][0], prompts[1][0]
    mask = (torch.arange(9) >= torch.tensor([[4], [0]])).long()
    for use_cache in (True, False):
        out = tiny.generate(padded, attention_mask=mask, use_cache=use_cache, **kw)[:, 9:]
        assert out[0].tolist() == alone[0].tolist() and out[1].tolist() == alone[1].tolist()


def test_attention_kernels_agree(tiny):
    ids = torch.randint(3, 8192, (2, 33))
    eager = M.InternLM2ForCausalLM(tiny.config.__class__(**{**tiny.config.to_dict(), 'attn_implementation': 'eager'})).eval()
    eager.load_state_dict(tiny.state_dict())
    assert eager.config._attn_implementation == 'eager' and tiny.config._attn_implementation == 'sdpa'
    with torch.no_grad(): assert torch.allclose(eager(ids).logits, tiny(ids).logits, atol=1e-5)


def test_dynamic_ntk_runs_past_the_trained_context():
    cfg = M.internlm2_config('internlm2-tiny', num_hidden_layers=1, max_position_embeddings=32, rope_scaling={'type': 'dynamic', 'factor': 2.0})
    plain = M.internlm2_config('internlm2-tiny', num_hidden_layers=1, max_position_embeddings=32)
    set_seed(0); a = M.InternLM2ForCausalLM(cfg).eval()
    set_seed(0); b = M.InternLM2ForCausalLM(plain).eval()
    short, long = torch.randint(3, 8192, (1, 16)), torch.randint(3, 8192, (1, 80))
    with torch.no_grad():
        assert torch.equal(a(short).logits, b(short).logits)            # inside the context, scaling changes nothing
        assert not torch.allclose(a(long).logits, b(long).logits)       # beyond it, the base grows


def test_save_load_exact_and_strict(tiny, tmp_path):
    from safetensors.torch import load_file, save_file
    tiny.save_pretrained(tmp_path/'m')
    ids = torch.randint(3, 8192, (2, 12))
    again = AutoModelForCausalLM.from_pretrained(tmp_path/'m').eval()
    with torch.no_grad(): assert torch.equal(again(ids).logits, tiny(ids).logits)
    sd = load_file(tmp_path/'m'/'model.safetensors')
    save_file(sd | {'model.layers.0.attention.extra.weight': torch.zeros(2)}, tmp_path/'m'/'model.safetensors', metadata={'format': 'pt'})
    with pytest.raises(CourseError, match=r'unexpected_keys: model\.layers\.0\.attention\.extra\.weight'): AutoModelForCausalLM.from_pretrained(tmp_path/'m')
    save_file({k: v for k, v in sd.items() if k != 'model.norm.weight'}, tmp_path/'m'/'model.safetensors', metadata={'format': 'pt'})
    with pytest.raises(CourseError, match=r'missing_keys: model\.norm\.weight'): AutoModelForCausalLM.from_pretrained(tmp_path/'m')
    (tmp_path/'m'/'model.safetensors').write_bytes(b'\x10\x00\x00\x00\x00\x00\x00\x00{"a": trunc')
    with pytest.raises(Exception, match='(?i)header|deserializ'): AutoModelForCausalLM.from_pretrained(tmp_path/'m')
    (tmp_path/'m'/'model.safetensors').unlink()
    torch.save(sd, tmp_path/'m'/'pytorch_model.bin')
    with pytest.raises(CourseError, match='pytorch_model.bin: pickle files are refused'): AutoModelForCausalLM.from_pretrained(tmp_path/'m')
    with pytest.raises(CourseError, match='safetensors only'): AutoModelForCausalLM.from_pretrained(tmp_path/'m', use_safetensors=False)


def test_gradient_checkpointing_same_gradients(tiny):
    ids = torch.randint(3, 8192, (2, 16))
    def grads(on):
        tiny.train(); tiny.zero_grad()
        tiny.gradient_checkpointing_enable() if on else tiny.gradient_checkpointing_disable()
        tiny(ids, labels=ids).loss.backward()
        return torch.cat([p.grad.flatten() for p in tiny.parameters()])
    assert torch.allclose(grads(True), grads(False), atol=1e-6)


def test_lora_trains_only_adapters_and_merges(tiny):
    from peft import LoraConfig, get_peft_model
    ids = torch.randint(3, 8192, (2, 16))
    peft_model = get_peft_model(tiny, LoraConfig(r=4, lora_alpha=8, target_modules=M.LORA_TARGET_MODULES, init_lora_weights=False))
    targets = {n.split('.')[-1] for n, m in peft_model.named_modules() if hasattr(m, 'lora_A')}
    assert targets == set(M.LORA_TARGET_MODULES)
    before = {n: p.detach().clone() for n, p in peft_model.named_parameters()}
    opt = torch.optim.SGD([p for p in peft_model.parameters() if p.requires_grad], lr=0.1)
    peft_model.train(); peft_model(ids, labels=ids).loss.backward(); opt.step()
    changed = {n for n, p in peft_model.named_parameters() if not torch.equal(p, before[n])}
    assert changed and all('lora_' in n for n in changed)
    peft_model.eval()
    with torch.no_grad():
        with_adapter = peft_model(ids).logits
        merged = peft_model.merge_and_unload()
        assert torch.allclose(merged(ids).logits, with_adapter, atol=1e-4)


def test_bitsandbytes_4bit_and_qlora(tiny, tmp_path):
    from peft import LoraConfig, get_peft_model, prepare_model_for_kbit_training
    tiny.save_pretrained(tmp_path/'m')
    q = AutoModelForCausalLM.from_pretrained(tmp_path/'m', quantization_config=BitsAndBytesConfig(
        load_in_4bit=True, bnb_4bit_quant_type='nf4', bnb_4bit_compute_dtype=torch.float32), device_map='cpu')
    assert type(q.model.layers[0].attention.wqkv).__name__ == 'Linear4bit'
    ids = torch.randint(3, 8192, (2, 16))
    with torch.no_grad(): ref, got = tiny(ids).logits, q(ids).logits
    assert torch.corrcoef(torch.stack([ref.flatten(), got.flatten()]))[0, 1] > 0.9   # NF4 is lossy, not random
    q = get_peft_model(prepare_model_for_kbit_training(q), LoraConfig(r=4, target_modules=M.LORA_TARGET_MODULES))
    q.train(); q(ids, labels=ids).loss.backward()
    assert all(p.grad is not None for n, p in q.named_parameters() if p.requires_grad)


def test_device_map_auto(tiny, tmp_path):
    tiny.save_pretrained(tmp_path/'m')
    m = AutoModelForCausalLM.from_pretrained(tmp_path/'m', device_map='auto')
    assert set(m.hf_device_map.values()) <= {'cpu', 0}
    ids = torch.randint(3, 8192, (1, 8))
    with torch.no_grad(): assert torch.allclose(m(ids.to(m.device)).logits.cpu(), tiny(ids).logits, atol=1e-5)


def official_reference_logits(model, ids: torch.Tensor) -> torch.Tensor:
    """Logits computed from the state dict alone, written after the official InternLM2 modeling code (not ours): the
    `wqkv` rows rearranged as `b q (h gs d) -> b q h gs d` with gs = groups + 2, queries the first `groups`, key at -2,
    value at -1; RoPE with the official dynamic-NTK base; causal softmax attention; SwiGLU; RMSNorm."""
    c, sd = model.config, model.state_dict()
    heads, kv, d = c.num_attention_heads, c.num_key_value_heads, c.hidden_size // c.num_attention_heads
    groups, n = heads // kv, ids.shape[1]
    def rms(x, w): return w * (x * torch.rsqrt(x.pow(2).mean(-1, keepdim=True) + c.rms_norm_eps))
    base = c.rope_theta
    if c.rope_scaling and n > c.max_position_embeddings:   # official InternLM2DynamicNTKScalingRotaryEmbedding
        f = c.rope_scaling['factor']
        base = base * ((f * n / c.max_position_embeddings) - (f - 1)) ** (d / (d - 2))
    inv_freq = 1.0 / (base ** (torch.arange(0, d, 2).float() / d))
    freqs = torch.outer(torch.arange(n).float(), inv_freq)
    cos, sin = torch.cat([freqs, freqs], -1).cos(), torch.cat([freqs, freqs], -1).sin()
    def rotate_half(x): return torch.cat([-x[..., d // 2:], x[..., :d // 2]], -1)
    h = sd['model.tok_embeddings.weight'][ids]
    for i in range(c.num_hidden_layers):
        p = f'model.layers.{i}.'
        x = rms(h, sd[p + 'attention_norm.weight'])
        qkv = (x @ sd[p + 'attention.wqkv.weight'].T).view(1, n, kv, groups + 2, d)
        q = qkv[..., :groups, :].reshape(1, n, heads, d).transpose(1, 2)
        k = qkv[..., -2, :].transpose(1, 2).repeat_interleave(groups, dim=1)
        v = qkv[..., -1, :].transpose(1, 2).repeat_interleave(groups, dim=1)
        q, k = q * cos + rotate_half(q) * sin, k * cos + rotate_half(k) * sin
        scores = (q @ k.transpose(-1, -2)) / d ** 0.5 + torch.full((n, n), float('-inf')).triu(1)
        h = h + (scores.softmax(-1) @ v).transpose(1, 2).reshape(1, n, heads * d) @ sd[p + 'attention.wo.weight'].T
        x = rms(h, sd[p + 'ffn_norm.weight'])
        gate, up = x @ sd[p + 'feed_forward.w1.weight'].T, x @ sd[p + 'feed_forward.w3.weight'].T
        h = h + (torch.nn.functional.silu(gate) * up) @ sd[p + 'feed_forward.w2.weight'].T
    return rms(h, sd['model.norm.weight']) @ sd['output.weight'].T


@pytest.mark.parametrize('n', [24, 80])   # inside the trained context of 32, and past it (dynamic NTK at work)
def test_wqkv_layout_and_dynamic_ntk_match_an_independent_reference(n):
    cfg = M.internlm2_config('internlm2-tiny', num_hidden_layers=2, num_attention_heads=4, num_key_value_heads=2,
                             max_position_embeddings=32, rope_scaling={'type': 'dynamic', 'factor': 2.0})
    set_seed(0); model = M.InternLM2ForCausalLM(cfg).eval()
    ids = torch.randint(3, 8192, (1, n))
    with torch.no_grad(): ours, ref = model(ids).logits, official_reference_logits(model, ids)
    assert torch.allclose(ours, ref, atol=1e-4), (ours - ref).abs().max()
