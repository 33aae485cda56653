namespace Smf.Runtime.Tests.Protocol;

/// <summary>The whole frames in Vectors/, as published with the wire protocol.</summary>
internal static class WireVectors
{
    public static byte[] PutRequestFrame => Load("kvstore-put-request.hex");

    public static byte[] PutReplyFrame => Load("kvstore-put-reply.hex");

    private static byte[] Load(string name) =>
        Convert.FromHexString(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Vectors", name)).Trim());
}
