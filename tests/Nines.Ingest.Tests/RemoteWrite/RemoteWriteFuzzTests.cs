using Google.Protobuf;
using Nines.Ingest.RemoteWrite;
using Nines.Ingest.Series;

namespace Nines.Ingest.Tests.RemoteWrite;

public sealed class RemoteWriteFuzzTests
{
    private const int Iterations = 3000;

    [Theory]
    [InlineData(RemoteWriteVersion.V1, 1)]
    [InlineData(RemoteWriteVersion.V2, 2)]
    public void Decode_RandomByteMutations_NeverThrow(RemoteWriteVersion version, int seed)
    {
        var valid = version == RemoteWriteVersion.V1
            ? Payloads.Realistic(8, 2).ToByteArray()
            : Payloads.V2Request((["__name__", "up", "job", "a"], [(1, 1)]), (["__name__", "x", "i", "b"], [(2, 2), (3, 3)])).ToByteArray();
        var random = new Random(seed);
        var sut = new RemoteWriteDecoder(new RemoteWriteDecoderOptions { MaxDecompressedBytes = 1 << 20 });
        using var batch = new SeriesBatch();

        for (var i = 0; i < Iterations; i++)
        {
            var mutated = Mutate(valid, random);

            var result = sut.Decode(mutated, version, batch);

            Assert.True(result.Error == IngestErrorKind.None || result.ErrorMessage is not null);
            Assert.True(batch.SampleCount <= mutated.Length);
        }
    }

    [Fact]
    public void DecodeSnappy_RandomMutationsOfCompressedBody_NeverThrow()
    {
        var valid = Payloads.Snappy(Payloads.Realistic(16, 2).ToByteArray());
        var random = new Random(7);
        var sut = new RemoteWriteDecoder(new RemoteWriteDecoderOptions { MaxDecompressedBytes = 1 << 20 });
        using var batch = new SeriesBatch();

        for (var i = 0; i < Iterations; i++)
        {
            var result = sut.DecodeSnappy(Mutate(valid, random), RemoteWriteVersion.V1, batch);

            Assert.True(result.Error == IngestErrorKind.None || result.ErrorMessage is not null);
        }
    }

    [Fact]
    public void Decode_RandomGarbage_NeverThrows()
    {
        var random = new Random(3);
        var sut = new RemoteWriteDecoder();
        using var batch = new SeriesBatch();

        for (var i = 0; i < Iterations; i++)
        {
            var garbage = new byte[random.Next(0, 200)];
            random.NextBytes(garbage);

            sut.Decode(garbage, RemoteWriteVersion.V1, batch);
            sut.Decode(garbage, RemoteWriteVersion.V2, batch);
            sut.DecodeSnappy(garbage, RemoteWriteVersion.V1, batch);
        }
    }

    private static byte[] Mutate(byte[] valid, Random random)
    {
        var bytes = (byte[])valid.Clone();
        var edits = random.Next(1, 5);
        for (var e = 0; e < edits; e++)
        {
            switch (random.Next(4))
            {
                case 0:
                    bytes[random.Next(bytes.Length)] = (byte)random.Next(256);
                    break;
                case 1:
                    bytes[random.Next(bytes.Length)] ^= (byte)(1 << random.Next(8));
                    break;
                case 2:
                    bytes = bytes.AsSpan(0, random.Next(bytes.Length)).ToArray();
                    if (bytes.Length == 0)
                    {
                        return bytes;
                    }

                    break;
                default:
                    var at = random.Next(bytes.Length);
                    bytes = [.. bytes.AsSpan(0, at), (byte)random.Next(256), .. bytes.AsSpan(at)];
                    break;
            }
        }

        return bytes;
    }
}
