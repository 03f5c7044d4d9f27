namespace Nines.Ingest.RemoteWrite;

/// <summary>The remote-write protobuf message a body carries (chosen from the Content-Type <c>proto=</c> parameter).</summary>
public enum RemoteWriteVersion
{
    /// <summary><c>prometheus.WriteRequest</c> (https://prometheus.io/docs/specs/prw/remote_write_spec/).</summary>
    V1 = 1,

    /// <summary><c>io.prometheus.write.v2.Request</c> (https://prometheus.io/docs/specs/prw/remote_write_spec_2_0/).</summary>
    V2 = 2,
}
