"""llama.cpp (llama-cpp-python) on a GGUF file, for `bench_deploy` (run in .venv-llamacpp):

  python bench/llamacpp_decode.py MODEL.gguf decode PROMPT NEW_TOKENS THREADS -> {"tokens_per_s": ...}: batch-1 greedy decode, timed
      like the course engine (prompt included), median of three
  python bench/llamacpp_decode.py MODEL.gguf tokenize < texts.json            -> llama.cpp's token ids of each text (no BOS)
"""
import json
import sys
import time

from llama_cpp import Llama

path, mode = sys.argv[1], sys.argv[2]
if mode == 'tokenize':
    llm = Llama(model_path=path, n_ctx=64, vocab_only=True, verbose=False)
    print(json.dumps([llm.tokenize(t.encode(), add_bos=False, special=True) for t in json.load(sys.stdin)]))
    sys.exit(0)
prompt, new, threads = sys.argv[3], int(sys.argv[4]), int(sys.argv[5])
llm = Llama(model_path=path, n_ctx=512, n_threads=threads, n_threads_batch=threads, n_batch=64, verbose=False)
llm.create_completion(prompt, max_tokens=4, temperature=0.0)   # warm-up
rates = []
for _ in range(3):
    llm.reset()
    t0 = time.perf_counter()
    out = llm.create_completion(prompt, max_tokens=new, temperature=0.0, top_k=1)
    rates.append(out['usage']['completion_tokens'] / (time.perf_counter() - t0))
print(json.dumps({'tokens_per_s': sorted(rates)[1], 'completion': out['choices'][0]['text'][:80]}))
