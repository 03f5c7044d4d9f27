using System.Buffers.Binary;
using System.Numerics;

namespace Nines.Metrics.Wal;

/// <summary>
/// CRC-32C (Castagnoli), the checksum of Prometheus' WAL and LevelDB's log. System.IO.Hashing
/// only has the IEEE polynomial; <see cref="BitOperations.Crc32C(uint, ulong)"/> uses the SSE4.2 /
/// ARMv8 CRC instructions when present and a software fallback otherwise.
/// </summary>
internal static class Crc32C
{
    public static uint Compute(ReadOnlySpan<byte> data) => Finish(Append(Start, data));

    public const uint Start = 0xFFFFFFFFu;

    public static uint Finish(uint state) => ~state;

    public static uint Append(uint state, ReadOnlySpan<byte> data)
    {
        while (data.Length >= 8)
        {
            state = BitOperations.Crc32C(state, BinaryPrimitives.ReadUInt64LittleEndian(data));
            data = data[8..];
        }

        foreach (var b in data)
        {
            state = BitOperations.Crc32C(state, b);
        }

        return state;
    }
}
