import { t } from 'elysia';

export const LoginBody = t.Object({
  key: t.String({ minLength: 1, maxLength: 1024, description: 'An admin API key (iwk_admin_ prefix).' }),
});
export type LoginBody = typeof LoginBody.static;
