"""``alur`` with the web app's commands added to the engine's (``alur serve``)."""

from __future__ import annotations

import click

from engine.cli.main import cli


@cli.command("serve", help="Menjalankan aplikasi web (untuk produksi: gunicorn 'webapp:create_app()').")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=5000, show_default=True, type=int)
@click.option("--debug", is_flag=True, default=False)
@click.option("--scheduler/--no-scheduler", default=False, show_default=True,
              help="Menjalankan penjadwal di proses yang sama (untuk laptop; produksi: `alur scheduler`).")
def serve(host: str, port: int, debug: bool, scheduler: bool) -> None:
    from webapp import create_app

    app = create_app()
    if scheduler:
        import os

        from apscheduler.schedulers.background import BackgroundScheduler

        from engine.cli.main import add_scheduler_job
        from engine.config import load_settings
        from engine.mailer import mailer_from_environment

        runner = BackgroundScheduler(timezone="UTC", daemon=True)
        add_scheduler_job(runner, app.extensions["alur_db"], mailer_from_environment(os.environ), 60,
                          load_settings().public_url)
        runner.start()
        click.echo("Penjadwal berjalan di latar (setiap 60 detik).")
    click.echo(f"Alur berjalan di http://{host}:{port}/")
    app.run(host=host, port=port, debug=debug, use_reloader=False, threaded=True)


def main() -> None:
    cli()
