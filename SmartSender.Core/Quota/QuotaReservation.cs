using SmartSender.Core.Common;

namespace SmartSender.Core.Quota;

/// <summary>The room a batch was granted: the first <see cref="Granted"/> of its messages; <see cref="Over"/> is why the rest were not, when some were not.</summary>
public sealed record QuotaReservation(QuotaStanding Standing, int Granted, Error? Over);
