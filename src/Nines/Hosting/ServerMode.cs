namespace Nines.Hosting;

/// <summary>How the server runs.</summary>
internal enum ServerMode
{
    /// <summary><c>nines serve</c>: production.</summary>
    Serve,

    /// <summary><c>nines demo</c>: serve plus a seeded example tenant, users and records.</summary>
    Demo,
}
