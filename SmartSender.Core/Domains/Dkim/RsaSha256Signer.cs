using System.Security.Cryptography;
using Org.BouncyCastle.Crypto;

namespace SmartSender.Core.Domains.Dkim;

/// <summary>
/// rsa-sha256 for MimeKit's DKIM signer, computed by the platform's RSA (OpenSSL here) instead of
/// BouncyCastle's managed code: about six times as many signatures per core.
/// </summary>
internal sealed class RsaSha256Signer(RSA rsa) : ISigner
{
    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);

    public string AlgorithmName => "SHA-256withRSA";

    public void Init(bool forSigning, ICipherParameters parameters)
    {
        // The key is the RSA given at construction.
    }

    public void Update(byte input) => _hash.AppendData(new ReadOnlySpan<byte>(in input));

    public void BlockUpdate(byte[] input, int inOff, int inLen) => _hash.AppendData(input, inOff, inLen);

    public void BlockUpdate(ReadOnlySpan<byte> input) => _hash.AppendData(input);

    public int GetMaxSignatureSize() => rsa.KeySize / 8;

    public byte[] GenerateSignature() => rsa.SignHash(_hash.GetHashAndReset(), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);

    public bool VerifySignature(byte[] signature) =>
        rsa.VerifyHash(_hash.GetHashAndReset(), signature, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);

    public void Reset() => _hash.GetHashAndReset();
}
