using Npgsql;

namespace Nines.Testing;

// Linked into every test project that needs PostgreSQL (see its csproj). The PostgreSQL server the tests create their throw-away databases on.
internal static class TestPostgres
{
    public const string Variable = "NINES_TEST_POSTGRES";

    // The server's admin connection string; fails the test (never skips it) when there is none.
    public static string AdminConnectionString
    {
        get
        {
            var value = Environment.GetEnvironmentVariable(Variable);
            if (string.IsNullOrWhiteSpace(value))
            {
                Assert.Fail($"{Variable} is not set: run scripts/test, which starts PostgreSQL on loopback");
            }

            return value;
        }
    }

    // Creates an empty database and returns its connection string.
    public static async Task<(string Name, string ConnectionString)> CreateDatabaseAsync()
    {
        var admin = AdminConnectionString;
        var name = "nines_test_" + Guid.NewGuid().ToString("N");
        await ExecuteAsync(admin, $"CREATE DATABASE {name}");
        var builder = new NpgsqlConnectionStringBuilder(admin) { Database = name, Pooling = true };
        return (name, builder.ConnectionString);
    }

    public static Task DropDatabaseAsync(string name) =>
        ExecuteAsync(AdminConnectionString, $"DROP DATABASE IF EXISTS {name} WITH (FORCE)");

    private static async Task ExecuteAsync(string connectionString, string sql)
    {
        // No pooling: admin connections must not linger and count against max_connections.
        var builder = new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false };
        await using var connection = new NpgsqlConnection(builder.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
