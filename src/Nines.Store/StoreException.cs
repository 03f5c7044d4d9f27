namespace Nines.Store;

/// <summary>The store cannot do what was asked; the message says why in words an operator can act on.</summary>
public class StoreException : Exception
{
    /// <summary>Creates the exception.</summary>
    public StoreException(string message, Exception? inner = null)
        : base(message, inner)
    {
    }
}

/// <summary>A create or update collides with an existing record (duplicate name or id).</summary>
public sealed class StoreConflictException : StoreException
{
    /// <summary>Creates the exception.</summary>
    public StoreConflictException(string message, Exception? inner = null)
        : base(message, inner)
    {
    }
}
