using System.Text.RegularExpressions;
using CitationMonitor.Domain.Noise;

namespace CitationMonitor.Domain.Tests.Noise;

public sealed class NoiseFilterTests
{
    [Theory]
    [InlineData("Visitas: 1234", "Visitas: 0")]
    [InlineData("Actualizado el 30/11/2026 a las 09:41", "Actualizado el 0/0/0 a las 0:0")]
    [InlineData("token a8f3c2d9e1b7465f9c0d2e4a6b8c1d3f fin", "token * fin")]
    [InlineData("  Párrafo   sin   números  ", "Párrafo sin números")]
    [InlineData("Internationalization", "Internationalization")]
    public void Shape_MakesTickingPartsGeneric(string line, string shape) =>
        Assert.Equal(shape, NoiseFilter.Shape(line));

    [Fact]
    public void Comparable_RemovesPatternsAndVolatileLines()
    {
        var rules = new NoiseRules(
            [new Regex(@"^Impreso el .*$", RegexOptions.Multiline)],
            new HashSet<string> { NoiseFilter.Shape("Visitas: 1") });

        var text = "Comunicado 12\nImpreso el 30/11/2026\nLa comisión pidió garantías.\nVisitas: 9876";

        Assert.Equal("Comunicado 12\nLa comisión pidió garantías.", NoiseFilter.Comparable(text, rules));
    }

    [Fact]
    public void LearnVolatile_LineThatTicksBetweenFetches_IsVolatile()
    {
        var learned = NoiseFilter.LearnVolatile(
            "Título\nTexto del comunicado.\nReloj: 09:00:01",
            "Título\nTexto del comunicado.\nReloj: 09:41:07",
            "Título\nTexto del comunicado.\nReloj: 09:41:12");

        Assert.Equal([NoiseFilter.Shape("Reloj: 1:1:1")], learned.Keys);
        Assert.Equal("Reloj: 09:41:07", learned.Values.Single());
    }

    [Fact]
    public void LearnVolatile_RotatingBox_AlsoLearnsWhatTheBaselineShowedThere()
    {
        var learned = NoiseFilter.LearnVolatile(
            "Texto.\nVer también: la cumbre regional\nVer también: el informe anual",
            "Texto.\nVer también: la visita in loco\nVer también: nuevas medidas cautelares",
            "Texto.\nVer también: audiencias públicas\nVer también: el relator especial");

        var rules = NoiseRules.None.WithVolatile(learned.Keys);
        Assert.Equal("Texto.", NoiseFilter.Comparable("Texto.\nVer también: la cumbre regional\nVer también: el informe anual", rules));
        Assert.Equal("Texto.", NoiseFilter.Comparable("Texto.\nVer también: audiencias públicas\nVer también: el relator especial", rules));
    }

    [Fact]
    public void LearnVolatile_ChangeThatHoldsOnRefetch_IsNotVolatile()
    {
        var learned = NoiseFilter.LearnVolatile(
            "La comisión registró cuarenta casos.\nVisitas: 10",
            "La comisión registró cincuenta casos.\nVisitas: 11",
            "La comisión registró cincuenta casos.\nVisitas: 12");

        Assert.DoesNotContain(NoiseFilter.Shape("La comisión registró cincuenta casos."), learned.Keys);
        Assert.DoesNotContain(NoiseFilter.Shape("La comisión registró cuarenta casos."), learned.Keys);
        Assert.Contains(NoiseFilter.Shape("Visitas: 0"), learned.Keys);
    }

    [Fact]
    public void LearnVolatile_IdenticalFetches_LearnNothing() =>
        Assert.Empty(NoiseFilter.LearnVolatile("a\nb", "a\nc", "a\nc"));
}
