"""The real `opencompass` command through `internlm-course eval --backend opencompass`, on the course's own InternLM2."""
import json
import subprocess
import sys
from pathlib import Path

import torch

from internlm_course import evaluate as E
from internlm_course.model import InternLM2ForCausalLM, internlm2_config
from internlm_course.model_zoo import load_tokenizer


def test_opencompass_evaluates_a_course_internlm2_and_agrees_item_by_item(tmp_path):
    "A course InternLM2 folder loads in OpenCompass's workers through the custom model entry; at batch 1 (no padding) every cloze item agrees."
    tok = load_tokenizer('smollm2-135m-instruct')
    torch.manual_seed(0)
    model = InternLM2ForCausalLM(internlm2_config('internlm2-tiny', vocab_size=len(tok), num_hidden_layers=2)).eval()
    folder = tmp_path/'tiny'
    model.save_pretrained(folder); tok.save_pretrained(folder)
    data = tmp_path/'items.jsonl'
    data.write_text(''.join(json.dumps(r, ensure_ascii=False) + '\n' for r in E.load_mcq(E.eval_sets()/'mcq.jsonl')[:8]), encoding='utf-8')
    out = tmp_path/'oc.jsonl'
    cmd = [str(Path(sys.executable).parent/'internlm-course'), 'eval', str(folder), '--dataset', str(data), '--backend', 'opencompass',
           '--formulation', 'cloze', '--batch', '1', '--out', str(out)]
    r = subprocess.run(cmd, capture_output=True, text=True, timeout=900)
    assert r.returncode == 0, r.stderr[-3000:]
    theirs = [json.loads(l)['prediction'] for l in out.read_text().splitlines()]
    ours = E.predict_mcq(model, tok, E.load_mcq(data), 'cloze')
    assert theirs == ours
