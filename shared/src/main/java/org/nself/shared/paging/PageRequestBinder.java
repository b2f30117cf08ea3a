package org.nself.shared.paging;

import io.micronaut.core.convert.ArgumentConversionContext;
import io.micronaut.core.type.Argument;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.bind.binders.TypedRequestArgumentBinder;
import jakarta.inject.Singleton;
import java.util.Optional;

/** Lets a list endpoint take a {@link PageRequest} parameter read from {@code ?limit=&offset=}. */
@Singleton
final class PageRequestBinder implements TypedRequestArgumentBinder<PageRequest> {
    @Override
    public Argument<PageRequest> argumentType() {
        return Argument.of(PageRequest.class);
    }

    @Override
    public BindingResult<PageRequest> bind(ArgumentConversionContext<PageRequest> context, HttpRequest<?> source) {
        PageRequest page = PageRequest.parse(
                source.getParameters().get("limit"), source.getParameters().get("offset"));
        return () -> Optional.of(page);
    }
}
