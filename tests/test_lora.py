"""Fine-tuning methods: recipe checks before any work, what each method trains, and merged exports that reload with the
same logits (SmolLM2 with tied embeddings; the course's InternLM2 architecture, tiny and random, for speed)."""
import json

import bitsandbytes as bnb
import pytest
import torch
from safetensors import safe_open
from transformers import AutoModelForCausalLM

from internlm_course.core import CourseError
from internlm_course.lora import METHODS, check_method, count_trainable, linear_names, load_for_method, merge_and_save
from internlm_course.model import InternLM2ForCausalLM, internlm2_config
from internlm_course.model_zoo import load_tokenizer

torch.set_num_threads(min(2, torch.get_num_threads()))


@pytest.fixture(scope='module')
def tiny(tmp_path_factory):
    "A random InternLM2-tiny folder with SmolLM2's tokenizer (vocabulary sized to match)."
    d = tmp_path_factory.mktemp('m')/'internlm2-tiny'
    tok = load_tokenizer()
    torch.manual_seed(0)
    InternLM2ForCausalLM(internlm2_config('internlm2-tiny', vocab_size=len(tok), num_hidden_layers=2)).save_pretrained(d)
    tok.save_pretrained(d)
    return d


def test_bad_recipes_fail_before_loading_naming_valid_choices(tiny):
    with pytest.raises(CourseError, match='valid: dora, full, lora, qlora'): check_method(tiny, 'qlora4')
    for r in (0, -4, 2.5, True):
        with pytest.raises(CourseError, match='positive integer'): check_method(tiny, 'lora', r=r)
    with pytest.raises(CourseError, match="'q_proj'.*output, w1, w2, w3, wo, wqkv"): check_method(tiny, 'dora', target_modules=['q_proj', 'wo'])
    with pytest.raises(CourseError, match='no target modules'): check_method(tiny, 'lora', target_modules=[])
    with pytest.raises(CourseError, match='dropout'): load_for_method(tiny, 'lora', dropout=1.0)
    with pytest.raises(CourseError, match='unknown model'): load_for_method('no-such-model', 'lora')
    check_method(tiny, 'full', r=0)   # rank and targets mean nothing for full fine-tuning
    check_method(tiny, 'lora', target_modules='all-linear')
    assert linear_names(tiny) == ['output', 'w1', 'w2', 'w3', 'wo', 'wqkv']


@pytest.mark.parametrize('method', METHODS)
def test_each_method_trains_what_it_should(tiny, method):
    model, tok = load_for_method(tiny, method, r=4, dropout=0.0)
    c = count_trainable(model)
    assert (c['trainable'] == c['total']) == (method == 'full')
    assert model.is_gradient_checkpointing if method == 'full' else model.get_base_model().is_gradient_checkpointing
    n4 = sum(isinstance(m, bnb.nn.Linear4bit) for m in model.modules())
    assert (n4 == 2 * 5) == (method == 'qlora') and (n4 == 0) == (method != 'qlora')   # 5 linear layers per block, output kept
    frozen = {n: p.detach().clone() for n, p in model.named_parameters() if not p.requires_grad}
    opt = torch.optim.AdamW([p for p in model.parameters() if p.requires_grad], lr=1e-2)
    ids = torch.randint(0, 500, (2, 16), generator=torch.Generator().manual_seed(0))
    losses = []
    for _ in range(6):
        loss = model(input_ids=ids, labels=ids).loss
        loss.backward(); opt.step(); opt.zero_grad(); losses.append(loss.item())
    assert losses[-1] < losses[0] - 0.1, losses
    for n, p in model.named_parameters():   # the frozen base did not move
        if n in frozen: assert torch.equal(p, frozen[n]), n


def _randomize_adapter(model):
    g = torch.Generator().manual_seed(1)
    with torch.no_grad():
        for n, p in model.named_parameters():
            if 'lora_B' in n: p.copy_(torch.randn(p.shape, generator=g) * 0.05)


@pytest.mark.parametrize('method', ['full', 'lora', 'qlora', 'dora'])
def test_merged_internlm2_reloads_with_the_same_logits(tiny, tmp_path, method):
    model, tok = load_for_method(tiny, method, dropout=0.0)
    _randomize_adapter(model)
    ids = torch.randint(0, 500, (2, 12), generator=torch.Generator().manual_seed(2))
    with torch.no_grad(): ref = model(ids).logits
    out = merge_and_save(model, tok, tmp_path/'merged')
    cfg = json.loads((out/'config.json').read_text())
    assert 'quantization_config' not in cfg and cfg['use_cache'] and cfg['model_type'] == 'internlm2'
    merged = AutoModelForCausalLM.from_pretrained(out).eval()
    assert not any('lora' in n for n, _ in merged.named_parameters())
    with torch.no_grad(): got = merged(ids).logits
    assert (got - ref).abs().max() < 1e-4
    assert not list(tmp_path.glob('.merged.tmp-*'))   # written through a temporary folder renamed into place
    model.train()   # the model stays usable after export: merging worked on a copy
    model(input_ids=ids, labels=ids).loss.backward()


def test_qlora_smollm2_merge_keeps_tied_embeddings_and_chat_template(tmp_path):
    model, tok = load_for_method('smollm2-135m-instruct', 'qlora', dropout=0.0)
    _randomize_adapter(model)
    ids = torch.randint(0, 2000, (1, 16), generator=torch.Generator().manual_seed(3))
    with torch.no_grad(): ref = model(ids).logits
    model.eval()
    with torch.no_grad(): model(ids)   # eval mode: bitsandbytes repacks the 4-bit weights for its CPU kernel
    out = merge_and_save(model, tok, tmp_path/'m')   # ... and the merge must undo that before dequantizing
    with safe_open(out/'model.safetensors', 'pt') as f: keys = set(f.keys())
    assert 'lm_head.weight' not in keys and json.loads((out/'config.json').read_text())['tie_word_embeddings']
    merged = AutoModelForCausalLM.from_pretrained(out).eval()
    with torch.no_grad(): got = merged(ids).logits
    assert (got - ref).abs().max() < 1e-3
    assert (out/'chat_template.jinja').is_file()
    from transformers import AutoTokenizer
    chat = AutoTokenizer.from_pretrained(out).apply_chat_template([{'role': 'user', 'content': 'Hi'}], tokenize=False)
    assert '<|im_start|>user\nHi<|im_end|>' in chat
