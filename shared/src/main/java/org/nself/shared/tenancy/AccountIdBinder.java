package org.nself.shared.tenancy;

import io.micronaut.core.convert.ArgumentConversionContext;
import io.micronaut.core.type.Argument;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.bind.binders.TypedRequestArgumentBinder;
import jakarta.inject.Singleton;
import java.util.Optional;

/** Lets a controller method take an {@link AccountId} parameter resolved per request. */
@Singleton
record AccountIdBinder(AccountResolver resolver) implements TypedRequestArgumentBinder<AccountId> {
    @Override
    public Argument<AccountId> argumentType() {
        return Argument.of(AccountId.class);
    }

    @Override
    public BindingResult<AccountId> bind(ArgumentConversionContext<AccountId> context, HttpRequest<?> source) {
        AccountId account = resolver.resolve(source);
        return () -> Optional.of(account);
    }
}
