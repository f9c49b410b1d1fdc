"""A package of extra workflows, loaded through configuration like `workflows`."""
