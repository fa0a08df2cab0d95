__version__ = "0.1.0"

from . import model as _model  # noqa: E402,F401  registers InternLM2 with transformers Auto classes: saved course models load with `import internlm_course` alone
