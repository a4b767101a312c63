from django.core.management.base import BaseCommand, CommandError

from devtools.synthetic import seed_synthetic


class Command(BaseCommand):
    help = (
        "Create synthetic published practices in bulk, for benchmarks and load tests. "
        "Reproducible per seed. Skips signals and history: never use it on real data."
    )

    def add_arguments(self, parser):
        parser.add_argument("--practices", type=int, required=True, help="How many to create.")
        parser.add_argument("--seed", type=int, default=0, help="The same seed, the same data.")

    def handle(self, *args, practices, seed, verbosity=1, **options):
        if practices < 1:
            raise CommandError("--practices must be at least 1.")

        def progress(done, seconds):
            if verbosity >= 2 or (verbosity >= 1 and done % 20000 == 0):
                self.stdout.write(f"  {done:,} practices in {seconds:.1f} s")

        result = seed_synthetic(practices=practices, seed=seed, progress=progress)
        if verbosity >= 1:
            steps = ", ".join(f"{step} {seconds:.1f} s" for step, seconds in result.timings.items())
            self.stdout.write(
                f"Created {result.practices:,} synthetic practices "
                f"({result.organizations_created} organizations) in {result.seconds:.1f} s "
                f"({steps})."
            )
