"""No models of its own: this module exists because Django sends post_migrate only to apps that have one."""
