using Google.Protobuf;

namespace Nines.Functional.Tests.Ingest;

/// <summary>Protobuf messages written field by field from the public .proto files, without generated types.</summary>
internal static class HandProtobuf
{
    public static ByteString Message(Action<CodedOutputStream> write)
    {
        using var memory = new MemoryStream();
        var output = new CodedOutputStream(memory);
        write(output);
        output.Flush();
        return ByteString.CopyFrom(memory.ToArray());
    }
}
