/** Query strings carry text: "true"/"1" and "false"/"0" become booleans; anything else is left for @IsBoolean to reject. */
export const queryBoolean = ({ value }) => (value === 'true' || value === '1' ? true : value === 'false' || value === '0' ? false : value);
//# sourceMappingURL=query-boolean.js.map