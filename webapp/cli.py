"""``alur`` with the web app's commands added to the engine's (``alur serve``)."""

from __future__ import annotations

import click

from engine.cli import cli


@cli.command("serve", help="Menjalankan aplikasi web (untuk produksi: gunicorn 'webapp:create_app()').")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=5000, show_default=True, type=int)
@click.option("--debug", is_flag=True, default=False)
def serve(host: str, port: int, debug: bool) -> None:
    from webapp import create_app

    app = create_app()
    click.echo(f"Alur berjalan di http://{host}:{port}/")
    app.run(host=host, port=port, debug=debug, use_reloader=False)


def main() -> None:
    cli()
