import { CloseButton, TextInput } from '@mantine/core';
import type { Ref } from 'react';

const SearchIcon = () => (
  <svg
    width="16"
    height="16"
    viewBox="0 0 24 24"
    fill="none"
    stroke="currentColor"
    strokeWidth="2"
    aria-hidden="true"
  >
    <circle cx="11" cy="11" r="7" />
    <path d="m20 20-3.5-3.5" />
  </svg>
);

type SearchInputProps = {
  label: string;
  placeholder: string;
  /** The clear button's accessible name. */
  clearLabel: string;
  value: string;
  onChange: (value: string) => void;
  ref?: Ref<HTMLInputElement>;
};

/** A list's search box: labelled, with a clear button once something is typed. */
export function SearchInput({
  label,
  placeholder,
  clearLabel,
  value,
  onChange,
  ref,
}: SearchInputProps) {
  return (
    <TextInput
      ref={ref}
      type="search"
      label={label}
      placeholder={placeholder}
      value={value}
      onChange={(event) => onChange(event.currentTarget.value)}
      leftSection={<SearchIcon />}
      rightSection={
        value ? (
          <CloseButton size="sm" aria-label={clearLabel} onClick={() => onChange('')} />
        ) : null
      }
      style={{ flex: '1 1 260px' }}
      maxLength={128}
    />
  );
}
