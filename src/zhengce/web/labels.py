"""Chinese labels for identifiers shown on pages."""

NODE_KIND_LABELS = {
    "book": "编",
    "chapter": "章",
    "section": "节",
    "article": "条",
    "paragraph": "款",
    "item": "项",
    "point": "目",
    "sec": "部分",
    "subsec": "小节",
    "para": "段",
    "attachment": "附件",
    "box": "专栏",
    "table": "表",
    "preface": "文头",
    "conclusions": "落款",
}
DOC_KIND_LABELS: dict[str, str] = {}  # document kinds are already Chinese (条例, 通知, 办法 …)
PROVISION_KIND_LABELS = {
    "obligation": "义务",
    "prohibition": "禁止",
    "permission": "许可/鼓励",
    "penalty": "罚则",
    "definition": "定义",
    "target": "目标",
    "task": "任务",
    "effect": "生效",
    "deadline": "期限",
}
