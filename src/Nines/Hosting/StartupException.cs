namespace Nines.Hosting;

/// <summary>The server cannot start; the message is the one line the operator sees.</summary>
internal sealed class StartupException : Exception
{
    public StartupException(string message, Exception? inner = null)
        : base(message, inner)
    {
    }
}
