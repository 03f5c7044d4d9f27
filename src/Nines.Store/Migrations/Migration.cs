namespace Nines.Store.Migrations;

// One schema step, written once per engine. Released migrations never change: a fix is a new
// migration, because databases in the field have already run the old text.
internal sealed record Migration(int Version, string Name, string Sqlite, string Postgres)
{
    // How the migration is named in Applied and logs.
    public string Label => $"{Version:D4}_{Name}";
}
