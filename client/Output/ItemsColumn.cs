using System.Globalization;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace Concurrency.Client.Output;

/// <summary>A progress column with the items done out of the total, e.g. "1,250/3,000".</summary>
public sealed class ItemsColumn : ProgressColumn
{
    public override IRenderable Render(RenderOptions options, ProgressTask task, TimeSpan deltaTime) =>
        new Markup($"{((long)task.Value).ToString("N0", CultureInfo.InvariantCulture)}/{((long)task.MaxValue).ToString("N0", CultureInfo.InvariantCulture)}");
}
