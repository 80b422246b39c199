"""What the numbers say: divergence between actors, argument strength, vote shift, the argument
map's layout, agreement (Krippendorff's α), opinion groups and class analysis.

pandas and numpy only, on the model's tables; it never imports altair or ipywidgets.
"""
