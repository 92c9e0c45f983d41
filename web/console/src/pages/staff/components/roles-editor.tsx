import { Form, Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { ACCESS_MODULES, ROLES, type RoleChoice } from '../../../access.ts';

/** The i18n key of a module's name (the members and census modules keep their strings in their own catalogues). */
export function accessModuleLabelKey(module: (typeof ACCESS_MODULES)[number]) {
  if (module === 'members') return 'consoleMembers.accessModule' as const;
  if (module === 'census') return 'consoleCensus.accessModule' as const;
  return `enums.accessModule.${module}` as const;
}

/** One role select per console module, bound to the form field `roles.<module>`. */
export function RolesEditor() {
  const { t } = useTranslation();
  const options = [{ value: 'none', label: t('enums.role.none') }, ...ROLES.map((r) => ({ value: r, label: t(`enums.role.${r}`) }))];
  return (
    <div className="gh-roles-editor">
      {ACCESS_MODULES.map((module) => (
        <Form.Item key={module} name={['roles', module]} label={t(accessModuleLabelKey(module))} className="gh-roles-item">
          <Select<RoleChoice> options={options} data-testid={`staff-role-${module}`} />
        </Form.Item>
      ))}
    </div>
  );
}
