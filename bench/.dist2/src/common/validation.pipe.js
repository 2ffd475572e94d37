import { BadRequestException, ValidationPipe } from '@nestjs/common';
function flatten(errors, parent = '') {
    return errors.flatMap((error) => {
        const field = parent ? `${parent}.${error.property}` : error.property;
        const own = Object.values(error.constraints ?? {}).map((message) => ({ field, message }));
        return [...own, ...flatten(error.children ?? [], field)];
    });
}
/** whitelist + forbidNonWhitelisted + transform, and a 400 that names every bad field. */
export function createValidationPipe() {
    return new ValidationPipe({
        whitelist: true,
        forbidNonWhitelisted: true,
        transform: true,
        exceptionFactory: (errors) => {
            const details = flatten(errors);
            return new BadRequestException({ message: details.map((d) => d.message).join('; '), details });
        },
    });
}
//# sourceMappingURL=validation.pipe.js.map