"""Pretraining: bad configs, exact resume after SIGKILL, damaged checkpoints, and real multi-process runs (gloo) against one process."""
import gzip
import json
import os
import signal
import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest
import torch

from internlm_course import pretrain as P
from internlm_course.core import CourseError, get_profile
from internlm_course.core import read_texts
from internlm_course.tokenizer import train_tokenizer

ROOT = Path(__file__).resolve().parents[1]
SMALL = P.PretrainConfig(seq_len=32, global_batch=8, micro_batch=4, steps=6, warmup_steps=1, eval_every=3, sample_every=6, checkpoint_every=2)


@pytest.fixture(scope='module')
def inputs(tmp_path_factory):
    "A small data-stage and tokenizer-stage output: the shipped validation split and seed set as corpus, a 1k tokenizer."
    d = tmp_path_factory.mktemp('inputs')
    texts = read_texts(ROOT/'data_samples'/'seed_hq.jsonl') + read_texts(ROOT/'data_samples'/'validation.jsonl')[:200]
    (d/'data').mkdir()
    with gzip.open(d/'data'/'corpus.jsonl.gz', 'wt', encoding='utf-8') as f: f.writelines(json.dumps({'text': t}) + '\n' for t in texts)
    with gzip.open(d/'data'/'validation.jsonl.gz', 'wt', encoding='utf-8') as f:
        f.writelines(json.dumps({'text': t}) + '\n' for t in read_texts(ROOT/'data_samples'/'validation.jsonl')[200:240])
    train_tokenizer(texts, vocab_size=1024).save_pretrained(d/'tokenizer')
    return d/'data', d/'tokenizer'


def run(cfg, inputs, tmp, name):
    out, work = tmp/name/'out', tmp/name/'work'
    out.mkdir(parents=True)
    return P.run_pretrain(cfg, get_profile('cpu'), *inputs, out, work), out


def losses(out):
    return [json.loads(l)['loss'] for l in (out/'log.jsonl').read_text().splitlines()]


@pytest.mark.parametrize('fields, message', [
    (dict(global_batch=12, micro_batch=8), r'micro_batch \(8\) x nproc \(1\) must divide global_batch \(12\)'),
    (dict(global_batch=8, micro_batch=4, nproc=4, parallel='ddp'), r'must divide global_batch \(8\)'),
    (dict(seq_len=2048), 'longer than the context of internlm2-tiny'),
    (dict(parallel='pipeline', nproc=2), 'valid: ddp, none, zero1, zero2, zero3'),
    (dict(parallel='ddp'), "use parallel='none' with nproc=1"),
    (dict(preset='internlm2-3b'), 'valid: internlm2-1.8b'),
    (dict(warmup_steps=100, steps=10), r'warmup_steps must be in \[0, steps\)'),
])
def test_bad_configs_fail_before_training(fields, message):
    with pytest.raises(CourseError, match=message): P.PretrainConfig(**fields)


@pytest.mark.parametrize('clip', [float('inf'), 0.05])   # off: a missing division by the accumulation steps shows; on: clipping acts
def test_gradient_accumulation_equals_one_big_batch(clip):
    def update(micro):
        torch.manual_seed(0)
        m = P.InternLM2ForCausalLM(P.internlm2_config('internlm2-tiny', vocab_size=300, num_hidden_layers=2))
        c = P.PretrainConfig(global_batch=8, micro_batch=micro, seq_len=16, steps=2, warmup_steps=0, grad_clip=clip)
        before = torch.cat([p.detach().flatten() for p in m.parameters()])
        P.train_step(m, torch.optim.SGD(m.parameters(), lr=1.0), P.PackedData(np.arange(3000) % 300, 16), 0, c)   # SGD: the update is the gradient
        return torch.cat([p.detach().flatten() for p in m.parameters()]) - before
    ref = update(8)
    if clip < 1: assert abs(ref.norm().item() - clip) < 1e-4   # the clip really acted on the one-batch update
    for micro in (1, 2, 4): assert torch.allclose(update(micro), ref, atol=1e-6)


def test_activation_checkpointing_gives_the_same_run(inputs, tmp_path):
    cfg = replace(SMALL, steps=2, eval_every=2, sample_every=2)
    _, plain = run(cfg, inputs, tmp_path, 'plain')
    _, ckpt = run(replace(cfg, activation_checkpointing=True), inputs, tmp_path, 'ckpt')
    np.testing.assert_allclose(losses(ckpt), losses(plain), atol=1e-6)


def test_packed_order_is_a_function_of_the_index():
    d = P.PackedData(np.arange(1000), 10, seed=3)
    assert torch.equal(d.sequence(57), P.PackedData(np.arange(1000), 10, seed=3).sequence(57))
    epoch0 = sorted(int(d.sequence(i)[0]) for i in range(d.n))
    assert epoch0 == list(range(0, 990, 10)) and not torch.equal(d.sequence(0), d.sequence(d.n))


def test_sigkill_then_resume_gives_the_same_losses(inputs, tmp_path):
    _, ref_out = run(SMALL, inputs, tmp_path, 'ref')
    out, work = tmp_path/'killed'/'out', tmp_path/'killed'/'work'
    out.mkdir(parents=True)
    code = (f'from pathlib import Path; from internlm_course import pretrain as P; from internlm_course.core import get_profile; '
            f'P.run_pretrain(P.{SMALL!r}, get_profile("cpu"), Path({str(inputs[0])!r}), Path({str(inputs[1])!r}), Path({str(out)!r}), Path({str(work)!r}))')
    proc = subprocess.Popen([sys.executable, '-c', code], env=os.environ | {'INTERNLM_COURSE_QUIET': '1'})
    deadline = time.time() + 300
    while not (work/'step-000004'/'meta.json').exists():
        assert proc.poll() is None and time.time() < deadline, 'the training process ended before its second checkpoint'
        time.sleep(0.05)
    proc.send_signal(signal.SIGKILL); proc.wait()
    assert not (out/'log.jsonl').exists()
    P.run_pretrain(SMALL, get_profile('cpu'), *inputs, out, work)
    np.testing.assert_allclose(losses(out), losses(ref_out), atol=1e-5)


def test_damaged_or_foreign_checkpoints_are_refused(inputs, tmp_path):
    cfg = replace(SMALL, steps=3)
    run(cfg, inputs, tmp_path, 'a')
    ck = tmp_path/'a'/'work'/'step-000002'
    with pytest.raises(CourseError, match='different config: lr=0.003 \\(now 0.001\\)'): P.check_checkpoint(ck, replace(cfg, lr=1e-3))
    data = (ck/'train_state.pt').read_bytes()
    (ck/'train_state.pt').write_bytes(data[:len(data)//2])
    with pytest.raises(CourseError, match='train_state.pt is damaged or truncated'): P.check_checkpoint(ck, cfg)
    (ck/'train_state.pt').unlink()
    with pytest.raises(CourseError, match='train_state.pt is missing'): P.check_checkpoint(ck, cfg)
    with pytest.raises(CourseError, match='not a checkpoint'): P.check_checkpoint(tmp_path, cfg)


def test_checkpoint_keeps_the_loss_scale(tmp_path):
    m = P.InternLM2ForCausalLM(P.internlm2_config('internlm2-tiny', vocab_size=300, num_hidden_layers=1))
    opt = torch.optim.AdamW(m.parameters())
    sched = torch.optim.lr_scheduler.LambdaLR(opt, lambda s: 1.0)
    P.save_checkpoint(tmp_path/'ck', m, opt, sched, 1, SMALL, [], scaler=torch.amp.GradScaler('cpu', init_scale=1024.0))
    restored = torch.amp.GradScaler('cpu')
    assert P.load_checkpoint(tmp_path/'ck', m, opt, sched, SMALL, restored)[0] == 1 and restored.get_scale() == 1024.0


TWO = replace(SMALL, steps=4, checkpoint_every=2)


MODES = ['ddp', 'zero1', 'zero2', 'zero3']


@pytest.fixture(scope='module')
def runs(inputs, tmp_path_factory):
    "One process, then every parallel mode on 2 processes in a single torchrun; each mode's metrics and losses by name."
    tmp = tmp_path_factory.mktemp('modes')
    one = P.launch([(TWO, tmp/'none', tmp/'none'/'work')], get_profile('cpu'), *inputs)
    many = P.launch([(replace(TWO, parallel=m, nproc=2), tmp/m, tmp/m/'work') for m in MODES], get_profile('cpu'), *inputs)
    return {name: (metrics, tmp/name) for name, metrics in zip(['none', *MODES], one + many)}


@pytest.mark.parametrize('mode', MODES)
def test_two_processes_match_one(runs, mode):
    single, single_out = runs['none']
    multi, multi_out = runs[mode]
    np.testing.assert_allclose(losses(multi_out), losses(single_out), atol=2e-4)
    assert abs(multi['val_loss'] - single['val_loss']) < 2e-3
    if mode in ('zero1', 'zero2', 'zero3'): assert 0 < multi['optim_mb'] < 0.6 * single['optim_mb']
    if mode in ('zero2', 'zero3'): assert multi['grads_mb'] < 0.6 * single['grads_mb']
    if mode == 'zero3': assert multi['params_mb'] < 0.6 * single['params_mb']
    if mode in ('ddp', 'zero1'): assert multi['grads_mb'] == single['grads_mb'] and multi['params_mb'] == single['params_mb']
    assert (multi_out/'model'/'model.safetensors').is_file()


def test_process_group_backend_follows_the_device():
    assert P.process_group_backend(get_profile('cpu')) == 'gloo'
    assert P.process_group_backend(get_profile('gpu-8gb')) == 'cpu:gloo,cuda:nccl'   # the loss average is a CPU tensor
    assert P.process_group_backend(get_profile('cpu', device='auto')) == ('cpu:gloo,cuda:nccl' if torch.cuda.is_available() else 'gloo')


def test_one_launch_needs_one_process_count(inputs, tmp_path):
    with pytest.raises(CourseError, match=r'same nproc, got \[1, 2\]'):
        P.launch([(TWO, tmp_path/'a', tmp_path/'a'/'w'), (replace(TWO, parallel='ddp', nproc=2), tmp_path/'b', tmp_path/'b'/'w')], get_profile('cpu'), *inputs)


def test_cli_refuses_a_bad_batch_before_any_work(home):
    cli = Path(sys.executable).parent/'internlm-course'
    r = subprocess.run([str(cli), 'run', '--stages', 'pretrain', '--set', 'pretrain.micro_batch=3'], capture_output=True, text=True)
    assert r.returncode == 2
    assert 'micro_batch (3) x nproc (1) must divide global_batch (8)' in r.stderr
    assert not (home/'runs'/'default'/'data').exists() and not (home/'runs'/'default'/'pretrain').exists()


ZERO_STATES = """
import json, sys, torch, torch.distributed as dist
from internlm_course import pretrain as P
dist.init_process_group('gloo')
states = {}
for mode in ('zero2', 'zero3'):
    torch.manual_seed(0)
    m = P.InternLM2ForCausalLM(P.internlm2_config('internlm2-tiny', vocab_size=300, num_hidden_layers=2))
    model, _ = P.wrap_model(m, P.PretrainConfig(global_batch=8, micro_batch=2, seq_len=16, parallel=mode, nproc=2), 'cpu')
    w = lambda: model.model.layers[0].attention.wqkv.weight
    loss = model(torch.arange(32).reshape(2, 16) % 300).logits.float().pow(2).mean()
    states[mode] = {'after_forward': type(w()).__name__}
    loss.backward()
    states[mode]['after_backward'] = type(w()).__name__
if dist.get_rank() == 0: open(sys.argv[1], 'w').write(json.dumps(states))
dist.destroy_process_group()
"""


def test_zero2_keeps_parameters_gathered_between_forward_and_backward_zero3_does_not(tmp_path):
    (tmp_path/'states.py').write_text(ZERO_STATES)
    r = subprocess.run([sys.executable, '-m', 'torch.distributed.run', '--standalone', '--nproc-per-node', '2', str(tmp_path/'states.py'), str(tmp_path/'s.json')],
                       capture_output=True, text=True, timeout=300, env=os.environ | {'OMP_NUM_THREADS': '1'})
    assert r.returncode == 0, r.stderr[-2000:]
    states = json.loads((tmp_path/'s.json').read_text())
    assert states['zero2'] == {'after_forward': 'Parameter', 'after_backward': 'DTensor'}   # gathered through forward and backward, resharded after
    assert states['zero3'] == {'after_forward': 'DTensor', 'after_backward': 'DTensor'}     # resharded after forward, gathered again for backward


def test_sigkill_under_torchrun_then_resume_gives_the_same_losses(inputs, runs, tmp_path):
    "DDP, ZeRO-1 (consolidated optimizer states) and FSDP2 (sharded set_state_dict): each killed after its first checkpoint, then all resumed."
    jobs = {m: (replace(TWO, parallel=m, nproc=2), tmp_path/m, tmp_path/m/'work') for m in ('ddp', 'zero1', 'zero3')}
    for cfg, out, work in jobs.values():
        code = (f'from pathlib import Path; from internlm_course import pretrain as P; from internlm_course.core import get_profile; '
                f'P.launch([(P.{cfg!r}, Path({str(out)!r}), Path({str(work)!r}))], get_profile("cpu"), Path({str(inputs[0])!r}), Path({str(inputs[1])!r}))')
        proc = subprocess.Popen([sys.executable, '-c', code], env=os.environ | {'INTERNLM_COURSE_QUIET': '1'}, start_new_session=True)
        deadline = time.time() + 300
        while not (work/'step-000002'/'meta.json').exists():
            assert proc.poll() is None and time.time() < deadline, 'the training processes ended before their first checkpoint'
            time.sleep(0.05)
        os.killpg(proc.pid, signal.SIGKILL); proc.wait()   # torchrun and both workers
        assert not (out/'log.jsonl').exists()
    P.launch(list(jobs.values()), get_profile('cpu'), *inputs)
    for mode, (_, out, _) in jobs.items():
        np.testing.assert_allclose(losses(out), losses(runs[mode][1]), atol=2e-4, err_msg=mode)
