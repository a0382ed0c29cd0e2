"""临时用地 (自然资规〔2021〕2号): the registry the notice's 临时用地信息系统 keeps, its rules, and the
county's annual statistic. Read/query functions for other front ends are in ``query``."""
