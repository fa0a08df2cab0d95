"""Checks for the fine-tuning module: SFT rows, label masks, padding, recipes, identity data, train_sft end to end (tiny)."""
import json

import pytest
import torch

from internlm_course.core import CourseError, data_samples
from internlm_course.finetune import (IDENTITY_QUESTIONS, IGNORE, GREETINGS, SFTRecipe, _load, build_sft_data, check_chat, check_recipe, encode_chat,
                                      identity_chats, identity_questions, kl_to_base, labelled_logits, make_trainer, pad_collate, sft_rows,
                                      shared_prefix, train_sft)
from internlm_course.model_zoo import load_tokenizer
from internlm_course.tokenizer import CHAT_TEMPLATE

CHAT = [{'role': 'system', 'content': 'Be brief.'}, {'role': 'user', 'content': 'What is 2 + 3?'}, {'role': 'assistant', 'content': '5.'},
        {'role': 'user', 'content': '3 加 4 呢？'}, {'role': 'assistant', 'content': '7。'}]


@pytest.fixture(scope='module')
def smol(): return load_tokenizer('smollm2-135m-instruct')


@pytest.fixture(scope='module')
def intern(smol):
    "A tokenizer with the course's InternLM2 chat template (SmolLM2's vocabulary is enough to test the masking)."
    tok = load_tokenizer('smollm2-135m-instruct')
    tok.chat_template = CHAT_TEMPLATE
    return tok


@pytest.mark.parametrize('which', ['smol', 'intern'])
def test_labels_cover_exactly_the_replies(which, request):
    tok = request.getfixturevalue(which)
    ids, labels, cut = encode_chat(tok, CHAT, 512)
    assert not cut and len(ids) == len(labels)
    assert tok.decode([i for i, l in zip(ids, labels) if l != IGNORE]) in ('5.<|im_end|>\n7。<|im_end|>\n', '5.<|im_end|>7。<|im_end|>')
    # the whole sequence is the template's rendering, token for token
    assert tok.decode(ids) == tok.apply_chat_template(CHAT, tokenize=False)
    assert all(l == i for i, l in zip(ids, labels) if l != IGNORE)


def test_truncation_by_whole_exchanges(smol):
    full = encode_chat(smol, CHAT, 512)[0]
    ids, labels, cut = encode_chat(smol, CHAT, len(full) - 1)
    assert cut and labels[-1] != IGNORE and smol.decode(ids).endswith('5.<|im_end|>\n')
    assert encode_chat(smol, CHAT, 5) is None


@pytest.mark.parametrize('row,reason', [
    ({'messages': [{'role': 'user', 'content': 'a'}, {'role': 'bot', 'content': 'b'}]}, 'unknown_role'),
    ({'messages': [{'role': 'user', 'content': 'a'}, {'role': 'assistant', 'content': ''}]}, 'empty_assistant'),
    ({'messages': [{'role': 'user', 'content': ['a']}, {'role': 'assistant', 'content': 'b'}]}, 'non_string'),
    ({'messages': [{'role': 'user'}]}, 'missing_field'), ({'text': 'x'}, 'missing_field'), ('not a dict', 'missing_field'),
    ({'messages': [{'role': 'user', 'content': 'a'}]}, 'no_assistant'), ({'messages': CHAT}, None)])
def test_check_chat(row, reason): assert check_chat(row) == reason


def test_report_counts_per_reason_and_threshold(smol):
    good = {'messages': CHAT}
    rows = [good] * 8 + [{'messages': [{'role': 'user', 'content': 'a'}, {'role': 'bot', 'content': 'b'}]}, {'text': 'x'}]
    ex, rep = build_sft_data(smol, rows, 512, max_reject_rate=0.2)
    assert rep == {'rows': 10, 'kept': 8, 'truncated': 0, 'skipped': {'unknown_role': 1, 'missing_field': 1}}
    ex, rep = build_sft_data(smol, rows, 12, max_reject_rate=1.0)   # 12 tokens: the system prompt + first exchange do not fit
    assert rep['skipped'].get('too_long') == 8
    with pytest.raises(CourseError, match='rejected'): build_sft_data(smol, rows, 512, max_reject_rate=0.1)


def test_padding_isolates_samples():
    "Right padding: pads are masked and unlabeled, so a sample's logits do not depend on what it is batched with."
    from transformers import LlamaConfig, LlamaForCausalLM
    torch.manual_seed(0)
    m = LlamaForCausalLM(LlamaConfig(vocab_size=50, hidden_size=32, intermediate_size=64, num_hidden_layers=2, num_attention_heads=4,
                                     num_key_value_heads=2)).eval()
    a, b = {'input_ids': [1, 2, 3], 'labels': [IGNORE, 2, 3]}, {'input_ids': [4, 5, 6, 7, 8, 9], 'labels': [4, 5, 6, 7, 8, 9]}
    batch = pad_collate([a, b], 0)
    assert batch['attention_mask'].tolist()[0] == [1, 1, 1, 0, 0, 0] and batch['labels'][0, 3:].eq(IGNORE).all()
    with torch.no_grad():
        alone = m(input_ids=torch.tensor([a['input_ids']])).logits
        together = m(input_ids=batch['input_ids'], attention_mask=batch['attention_mask']).logits[:1, :3]
    torch.testing.assert_close(alone, together, atol=1e-5, rtol=1e-5)


def test_bad_recipes_fail_before_work():
    with pytest.raises(CourseError, match='valid'): SFTRecipe(method='magic')
    with pytest.raises(CourseError, match='rank'): SFTRecipe(r=0)
    with pytest.raises(CourseError, match='unknown model'): SFTRecipe(model='no-such-model')
    with pytest.raises(CourseError, match='linear layers: .*q_proj'): SFTRecipe(target_modules=('qkv',))
    with pytest.raises(CourseError, match='not found'): check_recipe(SFTRecipe(data='nope.jsonl'))
    with pytest.raises(CourseError, match='kl_weight'): SFTRecipe(kl_weight=-1)


def test_identity_eval_is_unseen():
    "The held-out identity questions are not produced by the training templates (any greeting + question)."
    produced = {g + q for lang in IDENTITY_QUESTIONS for g in GREETINGS[lang] for q in IDENTITY_QUESTIONS[lang]}
    qs = identity_questions()
    assert {q['lang'] for q in qs} == {'en', 'zh'} and len(qs) >= 30
    assert not [q['question'] for q in qs if q['question'] in produced or any(t in q['question'] for t in IDENTITY_QUESTIONS['en'] + IDENTITY_QUESTIONS['zh'])]
    chats = identity_chats('Zed', '泽德', 10)
    assert all(('Zed' in c['messages'][1]['content']) or ('泽德' in c['messages'][1]['content']) for c in chats)


def test_general_data_is_clean(smol):
    rows = [json.loads(l) for l in open(data_samples()/'sft'/'general_chat.jsonl', encoding='utf-8')]
    assert all(check_chat(r) is None for r in rows)
    langs = {any('\u4e00' <= ch <= '\u9fff' for ch in r['messages'][-1]['content']) for r in rows}
    assert langs == {True, False}


@pytest.mark.parametrize('method', ['lora', 'full'])
def test_kl_term_is_zero_at_the_base_and_enters_the_loss_of_general_rows_only(method, tmp_path):
    "LoRA's base is the model with adapters off, full fine-tuning's a frozen copy; the loss is CE + kl_weight x KL on `distill` rows."
    rec = SFTRecipe(method=method, steps=1, micro_batch=2, identity_rows=2, general_rows=2, r=4, kl_weight=0.5)
    model, tok = _load(rec)
    ex, _ = build_sft_data(tok, sft_rows(rec), rec.max_len)
    assert sum('distill' in e for e in ex) == 2                       # the general rows, not the identity rows
    b = pad_collate([e for e in ex if 'distill' in e], tok.pad_token_id)
    trainer = make_trainer(model, tok, ex, rec, tmp_path, kl_weight=rec.kl_weight)
    hf_loss = lambda b: model(**{k: b[k] for k in ('input_ids', 'attention_mask', 'labels')}).loss.item()
    with torch.no_grad():   # the loss on labelled positions only is the model's own loss, on general rows (KL 0 at the base) and identity rows
        assert trainer.compute_loss(model, dict(b)).item() == pytest.approx(hf_loss(b), rel=1e-5)
        ident = pad_collate([e for e in ex if 'distill' not in e], tok.pad_token_id)
        assert trainer.compute_loss(model, dict(ident)).item() == pytest.approx(hf_loss(ident), rel=1e-5)
        for n, p in model.named_parameters():                          # move the trained weights away from the base
            if ('lora_B' in n if method == 'lora' else n.endswith('o_proj.weight')): p.add_(0.02 * torch.randn_like(p))
        ce = hf_loss(b)
        total = trainer.compute_loss(model, dict(b)).item()
    assert total - ce > 1e-4, (total, ce)                              # the moved model pays for its distance from the base


def test_a_shared_prefix_runs_once_and_changes_neither_logits_nor_gradients():
    "Chats that open with the same system prompt: the prefix's keys and values are computed once, and the result is the plain forward's."
    torch.manual_seed(0)
    model, tok = _load(SFTRecipe(r=4))
    for n, p in model.named_parameters():                              # LoRA's B starts at zero: move it so the adapters matter
        if 'lora_B' in n: p.data.add_(0.02 * torch.randn_like(p))
    system = {'role': 'system', 'content': 'You can use tools: a calculator and a search over the course documents. Answer briefly.'}
    chats = [[system, {'role': 'user', 'content': q}, {'role': 'assistant', 'content': a}] for q, a in [('2 + 3?', '5'), ('Who made you?', 'The course.'), ('7 * 6?', '42')]]
    ex, _ = build_sft_data(tok, [{'messages': c} for c in chats], 128)
    b = pad_collate(ex, tok.pad_token_id)
    keep = b['labels'][:, 1:] != IGNORE
    p = shared_prefix(b['input_ids'], keep)
    assert 20 < p < b['input_ids'].shape[1] and not keep[:, :p].any()  # the system prompt, never a trained position
    assert shared_prefix(b['input_ids'][:1], keep[:1]) == 0
    grads = []
    for full in (False, True):
        model.zero_grad()
        logits = labelled_logits(model, b, keep, full)
        torch.nn.functional.cross_entropy(logits, b['labels'][:, 1:][keep]).backward()
        grads.append((logits.detach(), {n: q.grad.clone() for n, q in model.named_parameters() if q.grad is not None}))
    (shared, g1), (plain, g2) = grads
    assert torch.allclose(shared, plain, atol=1e-4) and g1.keys() == g2.keys() and len(g1) > 0
    assert max((g1[n] - g2[n]).abs().max() / g2[n].abs().max() for n in g1) < 1e-3   # float sums in another order, nothing more

def test_train_sft_tiny(tmp_path):
    "End to end on a few steps: a merged folder that transformers loads with nothing but internlm_course imported, recipe recorded."
    from transformers import AutoModelForCausalLM, AutoTokenizer
    chats = tmp_path/'chats.jsonl'
    chats.write_text(''.join(json.dumps({'messages': CHAT}) + '\n' for _ in range(4)))
    out = train_sft('smollm2-135m-instruct', chats, tmp_path/'model', steps=2, micro_batch=2, identity_rows=4, max_len=128, r=4)
    assert (out/'model.safetensors').is_file() and not list(out.glob('adapter_*'))
    rec = json.loads((out/'sft_recipe.json').read_text())
    assert rec['recipe']['identity_en'] == 'InternTutor' and rec['report']['kept'] == 8
    assert rec['recipe']['kl_weight'] == 0.0   # the recipe default: plain SFT on your chats (the sft stage asks for KL to the base)
    m, tok = AutoModelForCausalLM.from_pretrained(out), AutoTokenizer.from_pretrained(out)
    assert '<|im_start|>assistant' in tok.apply_chat_template([{'role': 'user', 'content': 'hi'}], tokenize=False, add_generation_prompt=True)
    assert m.config.model_type == 'llama'
