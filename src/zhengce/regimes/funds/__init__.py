"""国家科技成果转化引导基金 (财教〔2021〕176号): sub-fund proposal/portfolio checks and 理事会 decisions.

The CLI (``zhengce funds …``) also carries the 生态保护修复 commands of ``zhengce.regimes.restoration``.
Read/query functions for other front ends are in ``query``.
"""
