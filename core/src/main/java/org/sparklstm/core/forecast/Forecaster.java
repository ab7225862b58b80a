package org.sparklstm.core.forecast;

/** A way of forecasting a series' next levels from its past: a trained model, or a baseline fitted in the run. */
public interface Forecaster {
    /** @return the method's name in a table: {@code lstm}, {@code random-walk}, {@code ar(3)} */
    String name();

    /**
     * @param levels the series' levels
     * @param origin the first level to forecast: levels {@code 0..origin-1} are known
     * @param horizon how many levels to forecast
     * @return the forecast of levels {@code origin..origin+horizon-1}
     */
    Forecast forecast(double[] levels, int origin, int horizon);
}
