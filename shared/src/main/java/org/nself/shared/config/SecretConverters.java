package org.nself.shared.config;

import io.micronaut.context.annotation.Prototype;
import io.micronaut.core.convert.MutableConversionService;
import io.micronaut.core.convert.TypeConverterRegistrar;

/** Binds a {@link Secret} setting from its text. */
@Prototype
final class SecretConverters implements TypeConverterRegistrar {
    @Override
    public void register(MutableConversionService conversions) {
        conversions.addConverter(CharSequence.class, Secret.class, text -> new Secret(text.toString()));
    }
}
