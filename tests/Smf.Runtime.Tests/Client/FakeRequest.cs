using Smf.Protocol;

namespace Smf.Runtime.Tests.Client;

/// <summary>A request frame as the fake server received it.</summary>
internal sealed record FakeRequest(RpcHeader Header, byte[] Payload, byte[] Frame)
{
    public bool ChecksumMatches => PayloadChecksum.Compute(Payload) == Header.Checksum;
}
