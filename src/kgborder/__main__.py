from .cli import cli

if __name__ == "__main__":  # not when a worker process of `kgborder review` imports it
    cli()
