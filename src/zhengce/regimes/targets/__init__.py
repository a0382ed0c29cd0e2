"""Plan targets and tasks tracker: items extracted from the corpus with ``zhengce.provisions``, reported
values and progress imported from CSV/XLSX, and a status per item (met / on_track / at_risk / missed /
no_data) with the section it comes from. Read/query functions are in ``query``."""
