using System.Text;

namespace Smf.Compiler.CodeGen.Services;

/// <summary>
/// The ids smf routes requests by, computed at generation time exactly as smf does: CRC-32 (zlib,
/// IEEE 802.3, reflected polynomial 0xEDB88320) of the UTF-8 service name, of
/// <c>Method:ns::Request:ns::Response</c>, and their XOR.
/// </summary>
internal static class SmfIds
{
    private static readonly uint[] Table = CreateTable();

    /// <summary>The service id: CRC-32 of the unqualified service name.</summary>
    public static uint Service(string serviceName) => Crc32(serviceName);

    /// <summary>The method id: CRC-32 of the method signature (see <c>RpcMethodDefinition.SmfMethodSignature</c>).</summary>
    public static uint Method(string signature) => Crc32(signature);

    /// <summary>CRC-32 of the UTF-8 bytes of <paramref name="text"/>.</summary>
    public static uint Crc32(string text)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in Encoding.UTF8.GetBytes(text))
        {
            crc = Table[(crc ^ b) & 0xFF] ^ (crc >> 8);
        }

        return crc ^ 0xFFFFFFFFu;
    }

    private static uint[] CreateTable()
    {
        var table = new uint[256];
        for (uint i = 0; i < 256; i++)
        {
            var c = i;
            for (var k = 0; k < 8; k++)
            {
                c = (c & 1) != 0 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
            }

            table[i] = c;
        }

        return table;
    }
}
