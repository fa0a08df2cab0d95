"""GGUF export: the course's InternLM2 (llamafied) and SmolLM2 written with the gguf package and read back by transformers and
gguf's own reader; the tokenizer in the header; bad input refused with nothing written."""
import gguf
import numpy as np
import pytest
import torch
from transformers import AutoModelForCausalLM, AutoTokenizer

from internlm_course import gguf_export as G
from internlm_course.cli import main
from internlm_course.core import CourseError
from internlm_course.model import InternLM2ForCausalLM, internlm2_config
from internlm_course.tokenizer import train_tokenizer

TEXTS = ['The course tokenizer learns from these lines.', 'Tokens, merges and special ids travel in the header.',
         '课程的分词器从这些句子中学习。'] * 40


@pytest.fixture(scope='module')
def course_model(tmp_path_factory):
    "A course InternLM2 (random, 2 layers) with the course's own byte-level BPE tokenizer, saved as a model folder."
    d = tmp_path_factory.mktemp('course')/'model'
    torch.manual_seed(0)
    tok = train_tokenizer(TEXTS, vocab_size=500)
    model = InternLM2ForCausalLM(internlm2_config('internlm2-tiny', vocab_size=len(tok) + 4, num_hidden_layers=2)).eval()
    model.save_pretrained(d); tok.save_pretrained(d)
    return d, model, tok


@torch.no_grad()
def _logits(model, ids): return model(ids).logits


@pytest.mark.parametrize('qtype, tol', [('f32', 1e-4), ('f16', 2e-2), ('q8_0', 0.15)])
def test_course_internlm2_reloads_as_the_same_network(course_model, tmp_path, qtype, tol):
    d, model, tok = course_model
    info = G.export_gguf(d, tmp_path/f'm-{qtype}.gguf', qtype)
    back = AutoModelForCausalLM.from_pretrained(tmp_path, gguf_file=f'm-{qtype}.gguf', dtype=torch.float32).eval()
    ids = tok(TEXTS[0], return_tensors='pt').input_ids
    assert type(back).__name__ == 'LlamaForCausalLM' and info['tensors'] == 2 * 9 + 3
    assert (_logits(back, ids) - _logits(model, ids)).abs().max().item() < tol


def test_header_holds_the_tokenizer_and_the_shapes(course_model, tmp_path):
    d, model, tok = course_model
    path = tmp_path/'m.gguf'
    G.export_gguf(d, path, 'q4_0')
    r = gguf.GGUFReader(path)
    field = lambda k: r.fields[k].contents()
    tokens, types = field('tokenizer.ggml.tokens'), field('tokenizer.ggml.token_type')
    assert field('general.architecture') == 'llama' and field('llama.block_count') == 2 and field('llama.attention.head_count_kv') == 2
    assert len(tokens) == model.config.vocab_size and tokens[:len(tok)] == tok.convert_ids_to_tokens(list(range(len(tok))))
    assert types[tok.convert_tokens_to_ids('<|im_end|>')] == gguf.TokenType.CONTROL and types[-1] == gguf.TokenType.UNUSED
    assert field('tokenizer.ggml.pre') == 'qwen2' and field('tokenizer.ggml.model') == 'gpt2' and len(field('tokenizer.ggml.merges')) > 50
    assert field('tokenizer.chat_template') == tok.chat_template and field('tokenizer.ggml.eos_token_id') == tok.eos_token_id
    kinds = {t.name: t.tensor_type for t in r.tensors}
    assert kinds['token_embd.weight'] == gguf.GGMLQuantizationType.Q8_0 and kinds['blk.0.attn_q.weight'] == gguf.GGMLQuantizationType.Q4_0
    assert kinds['output_norm.weight'] == gguf.GGMLQuantizationType.F32 and 'output.weight' in kinds


def test_smollm2_round_trip_keeps_its_tokenizer_and_its_top_tokens(home, tmp_path):
    path = tmp_path/'smol.gguf'
    info = G.export_gguf('smollm2-135m-instruct', path, 'q8_0')
    assert 'output.weight' not in {t.name for t in gguf.GGUFReader(path).tensors}   # tied embeddings stay tied
    fields = gguf.GGUFReader(path).fields
    assert not fields['tokenizer.ggml.add_bos_token'].contents() and fields['tokenizer.ggml.eos_token_id'].contents() == 2   # <|im_end|>
    tok = AutoTokenizer.from_pretrained(tmp_path, gguf_file='smol.gguf')   # (transformers' GGUF reader ignores add_bos_token)
    src = G.load_tokenizer('smollm2-135m-instruct')
    text = 'Hello! How many primes are below 100?\nAnswer: 25'
    assert tok(text, add_special_tokens=False).input_ids == src(text).input_ids
    fid = G.gguf_fidelity(path, G.load_model('smollm2-135m-instruct'), src, [text, 'The capital of France is Paris.'])
    assert fid['top1_agreement'] > 0.9 and info['types'] == {'Q8_0': 211, 'F32': 61}


def test_bad_input_is_refused_and_nothing_is_left(course_model, tmp_path, monkeypatch):
    d, model, tok = course_model
    with pytest.raises(CourseError, match="qtype"): G.export_gguf(d, tmp_path/'x.gguf', 'q3_k')
    with pytest.raises(CourseError, match='tokenizer='): G.export_gguf(model, tmp_path/'x.gguf')
    biased = InternLM2ForCausalLM(internlm2_config('internlm2-tiny', vocab_size=len(tok), num_hidden_layers=1, bias=True))
    with pytest.raises(CourseError, match='biases'): G.export_gguf(biased, tmp_path/'x.gguf', tokenizer=d)
    dyn = InternLM2ForCausalLM(internlm2_config('internlm2-tiny', vocab_size=len(tok), num_hidden_layers=1, rope_scaling={'rope_type': 'dynamic', 'factor': 2.0}))
    with pytest.raises(CourseError, match='no llama.cpp equivalent'): G.export_gguf(dyn, tmp_path/'x.gguf', tokenizer=d)
    def broken(self, *a, **k): raise OSError('disk full')
    monkeypatch.setattr(gguf.GGUFWriter, 'write_tensors_to_file', broken)
    with pytest.raises(OSError, match='disk full'): G.export_gguf(d, tmp_path/'x.gguf', 'f16')
    assert list(tmp_path.iterdir()) == []


def test_command_line(course_model, tmp_path, capsys):
    d, *_ = course_model
    assert main(['export-gguf', str(d), str(tmp_path/'m.gguf'), '--type', 'q4_1']) == 0
    assert 'MiB' in capsys.readouterr().out and (tmp_path/'m.gguf').exists()
    assert main(['export-gguf', str(tmp_path/'nowhere'), str(tmp_path/'n.gguf')]) == 2 and 'nowhere' in capsys.readouterr().err
    with pytest.raises(SystemExit) as e: main(['export-gguf', str(d), str(tmp_path/'n.gguf'), '--type', 'q3'])
    assert e.value.code == 2 and not (tmp_path/'n.gguf').exists()
