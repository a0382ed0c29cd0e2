"""重点生态保护修复治理资金 (财资环〔2021〕100号) allocation and eligibility, and the checkable conditions
on 社会资本参与生态保护修复 (国办发〔2021〕40号)."""
